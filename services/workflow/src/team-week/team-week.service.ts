import { BadInputError, ForbiddenError, NotFoundError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { ReviewStateValue, TeamWeekRepository } from './team-week.repository';

/** The roles that may see a team's week at all (a manager or assistant only of their own team). */
const TEAM_WEEK_ROLES: ReadonlySet<Actor['role']> = new Set(['ADMIN', 'SALES_MANAGER', 'TEAM_ASSISTANT']);

/** The most changed records `teamWeek` lists per person (their counts cover all of them). */
export const TEAM_WEEK_RECORDS_LISTED = 50;

export interface ChangedRecord {
  customerId: string;
  customerName: string;
  changedAt: Date;
  reviewState: ReviewStateValue;
}

export interface PersonWeek {
  userId: string;
  openNextActions: number;
  overdueNextActions: number;
  changedCount: number;
  changedRecords: ChangedRecord[];
  submittedCount: number;
  loggedLateCount: number;
}

export interface TeamWeekAnswer {
  teamId: string;
  timezone: string;
  weekStart: Date;
  people: PersonWeek[];
}

/**
 * Each person's week in a team, over all of the team's customers: open and overdue next actions now,
 * records changed since Monday (team zone) with the review state of their current version, late logs.
 * For the team's manager and assistant, and ADMIN.
 */
export class TeamWeekService {
  constructor(
    private readonly repository: TeamWeekRepository,
    private readonly clock: Clock,
  ) {}

  async week(actor: Actor, teamId: string | null | undefined): Promise<TeamWeekAnswer> {
    if (!TEAM_WEEK_ROLES.has(actor.role)) throw new ForbiddenError("Only the team's manager and assistant, and an ADMIN, see the team's week");
    const id = teamId?.trim() || (actor.role === 'ADMIN' ? null : actor.teamId);
    if (!id) throw new BadInputError('teamId', 'REQUIRED', 'Name the team');
    if (id.length > 128) throw new BadInputError('teamId', 'TOO_LONG', 'teamId is too long');
    const now = this.clock.now();
    const team = await this.repository.team(id, now);
    this.assertMaySee(actor, id, team);
    if (!team.known) throw new NotFoundError('Team', id);

    const [actions, changed, late] = await Promise.all([
      this.repository.actions(id, now),
      this.repository.changed(id, team.weekStart, TEAM_WEEK_RECORDS_LISTED),
      this.repository.loggedLate(id, team.weekStart),
    ]);
    const rows = new Map<string, PersonWeek>();
    const row = (userId: string): PersonWeek => {
      let r = rows.get(userId);
      if (!r) {
        r = { userId, openNextActions: 0, overdueNextActions: 0, changedCount: 0, changedRecords: [], submittedCount: 0, loggedLateCount: 0 };
        rows.set(userId, r);
      }
      return r;
    };
    for (const a of actions) Object.assign(row(a.ownerId), { openNextActions: a.open, overdueNextActions: a.overdue });
    for (const c of changed) {
      const r = row(c.ownerId);
      r.changedCount = c.changedCount;
      r.submittedCount = c.submittedCount;
      r.changedRecords.push({ customerId: c.customerId, customerName: c.customerName, changedAt: c.changedAt, reviewState: c.reviewState });
    }
    for (const l of late) row(l.authorId).loggedLateCount = l.count;

    // The team's active people first, then anyone else holding something there; each by name.
    const people = await this.repository.people(id, [...rows.keys()]);
    for (const p of people) if (p.inTeam) row(p.id);
    const known = new Map(people.map((p) => [p.id, p]));
    const order = (userId: string): [number, string] => {
      const p = known.get(userId);
      return [p?.inTeam ? 0 : 1, p?.name ?? userId];
    };
    const sorted = [...rows.values()].sort((a, b) => {
      const [ga, na] = order(a.userId);
      const [gb, nb] = order(b.userId);
      return ga - gb || na.localeCompare(nb, 'zh-CN') || a.userId.localeCompare(b.userId);
    });
    return { teamId: id, timezone: team.timezone, weekStart: team.weekStart, people: sorted };
  }

  /** A manager or assistant of the team (by their token's team or as `upsertTeam` names them), and ADMIN. */
  private assertMaySee(actor: Actor, teamId: string, team: { managerId: string | null; assistantId: string | null }): void {
    if (actor.role === 'ADMIN') return;
    const named = team.managerId === actor.userId || team.assistantId === actor.userId;
    const ofTeam = actor.teamId === teamId;
    if (!named && !ofTeam) throw new ForbiddenError("Only the team's manager and assistant, and an ADMIN, see the team's week");
  }
}
