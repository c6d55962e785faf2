/**
 * The archived form as records froze it (`ArchivedRecord.snapshot`, JSON): read defensively, since a
 * snapshot is kept for years and older ones may lack fields added later.
 */
export interface ArchivedForm {
  archiveCode: string;
  basics: {
    name: string;
    kind: string | null;
    industryCode: string | null;
    sourceChannel: string | null;
    sourceDetail: string | null;
    firstContactDate: string | null;
    ownerId: string | null;
    remarks: string | null;
  };
  stage: string | null;
  terminationReason: string | null;
  contacts: Array<{
    name: string;
    role: string | null;
    title: string | null;
    phone: string | null;
    email: string | null;
  }>;
  interactions: Array<{
    id: string;
    occurredAt: string;
    method: string;
    summary: string;
    isFirstContact: boolean;
    loggedLate: boolean;
  }>;
  needs: Array<{
    id: string;
    kind: string;
    description: string;
    active: boolean;
    retiredReason: string | null;
  }>;
  painPoints: Array<{
    id: string;
    description: string;
    needIds: string[];
    active: boolean;
    retiredReason: string | null;
  }>;
  nextActions: Array<{
    id: string;
    content: string;
    ownerId: string | null;
    dueAt: string | null;
    status: string;
    completedAt: string | null;
  }>;
  signature: { salespersonId: string | null; salespersonName: string | null; submittedAt: string | null };
  review: {
    status: string | null;
    reviewerId: string | null;
    reviewerName: string | null;
    comments: string | null;
    decidedAt: string | null;
  };
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): Json[] =>
  Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : [];
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export function parseArchivedForm(text: string): ArchivedForm {
  const raw = obj(JSON.parse(text));
  const basics = obj(raw.basics);
  const signature = obj(raw.signature);
  const review = obj(raw.review);
  return {
    archiveCode: str(raw.archiveCode) ?? '',
    basics: {
      name: str(basics.name) ?? '',
      kind: str(basics.kind),
      industryCode: str(basics.industryCode),
      sourceChannel: str(basics.sourceChannel),
      sourceDetail: str(basics.sourceDetail),
      firstContactDate: str(basics.firstContactDate),
      ownerId: str(basics.ownerId),
      remarks: str(basics.remarks),
    },
    stage: str(raw.stage),
    terminationReason: str(raw.terminationReason),
    contacts: list(raw.contacts).map((c) => ({
      name: str(c.name) ?? '',
      role: str(c.role),
      title: str(c.title),
      phone: str(c.phone),
      email: str(c.email),
    })),
    interactions: list(raw.interactions).map((i) => ({
      id: str(i.id) ?? '',
      occurredAt: str(i.occurredAt) ?? '',
      method: str(i.method) ?? '',
      summary: str(i.summary) ?? '',
      isFirstContact: i.isFirstContact === true,
      loggedLate: i.loggedLate === true,
    })),
    needs: list(raw.needs).map((n) => ({
      id: str(n.id) ?? '',
      kind: str(n.kind) ?? '',
      description: str(n.description) ?? '',
      active: n.active !== false,
      retiredReason: str(n.retiredReason),
    })),
    painPoints: list(raw.painPoints).map((p) => ({
      id: str(p.id) ?? '',
      description: str(p.description) ?? '',
      needIds: Array.isArray(p.needIds) ? p.needIds.filter((x): x is string => typeof x === 'string') : [],
      active: p.active !== false,
      retiredReason: str(p.retiredReason),
    })),
    nextActions: list(raw.nextActions).map((a) => ({
      id: str(a.id) ?? '',
      content: str(a.content) ?? '',
      ownerId: str(a.ownerId),
      dueAt: str(a.dueAt),
      status: str(a.status) ?? '',
      completedAt: str(a.completedAt),
    })),
    signature: {
      salespersonId: str(signature.salespersonId),
      salespersonName: str(signature.salespersonName),
      submittedAt: str(signature.submittedAt),
    },
    review: {
      status: str(review.status),
      reviewerId: str(review.reviewerId),
      reviewerName: str(review.reviewerName),
      comments: str(review.comments),
      decidedAt: str(review.decidedAt),
    },
  };
}

/** The paper form's stage boxes, in its order (线索终止 only when the record ended there). */
export const FORM_STAGES = [
  'LEAD_NURTURING',
  'NEEDS_CONFIRMED',
  'PROPOSAL_PRESENTED',
  'NEGOTIATION',
  'DEAL_SIGNING',
  'AFTER_SALES',
] as const;
