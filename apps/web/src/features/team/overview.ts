import { fridayStatus, type ReviewState } from '../friday/week';

export interface TeamCustomer {
  id: string;
  name: string;
  ownerId: string;
  version: number;
  updatedAt: string;
  nextActions: ReadonlyArray<{ ownerId: string; overdue: boolean }>;
  interactions: { edges: ReadonlyArray<{ node: { authorId: string; loggedAt: string; loggedLate: boolean } }> };
  latestReview?: { status: ReviewState; customerVersion: number; submittedAt: string } | null;
}

export interface PersonWeek {
  userId: string;
  /** Open next actions they own on the team's customers, and how many of those are overdue. */
  open: number;
  overdue: number;
  /** Their customers changed since Monday, and of those the ones whose current version is submitted. */
  changed: Array<{ id: string; name: string; submitted: boolean; approved: boolean; sentBack: boolean }>;
  submitted: number;
  /** Interactions they logged since Monday more than 24 h after they happened. */
  loggedLate: number;
}

/**
 * A salesperson's week as the manager sees it, from the team's customers: actions open and overdue now,
 * records changed this week and whether that version went to review, calls logged late this week.
 */
export function teamWeek(people: readonly string[], customers: readonly TeamCustomer[], since: Date): PersonWeek[] {
  const from = since.getTime();
  const rows = new Map<string, PersonWeek>(people.map((id) => [id, { userId: id, open: 0, overdue: 0, changed: [], submitted: 0, loggedLate: 0 }]));
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) {
      r = { userId: id, open: 0, overdue: 0, changed: [], submitted: 0, loggedLate: 0 };
      rows.set(id, r);
    }
    return r;
  };
  for (const c of customers) {
    for (const a of c.nextActions) {
      const r = row(a.ownerId);
      r.open += 1;
      if (a.overdue) r.overdue += 1;
    }
    for (const { node } of c.interactions.edges) {
      if (node.loggedLate && Date.parse(node.loggedAt) >= from) row(node.authorId).loggedLate += 1;
    }
    if (Date.parse(c.updatedAt) >= from) {
      const status = fridayStatus(c);
      const submitted = status === 'submitted' || status === 'approved';
      const r = row(c.ownerId);
      r.changed.push({ id: c.id, name: c.name, submitted, approved: status === 'approved', sentBack: status === 'sentBack' });
      if (submitted) r.submitted += 1;
    }
  }
  return [...rows.values()];
}
