import { CronExpressionParser } from 'cron-parser';
import type { DataSource } from 'typeorm';
import type { WeeklyCycleJob } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { CreatedNotification, NotificationDispatcher, NotificationService } from '../notifications/notification.service';
import { peopleNames } from '../directory/names';
import { wf } from '../i18n/texts';
import { TeamEntity } from '../teams/team.entity';

/** Monday 00:00 of the current week in `timezone`, as an instant. */
export function weekStart(now: Date, timezone: string): Date {
  const at = new Date(now.getTime() + 1); // a run exactly at Monday 00:00 belongs to the new week
  return CronExpressionParser.parse('0 0 * * 1', { currentDate: at, tz: timezone }).prev().toDate();
}

/** YYYY-MM-DD of an instant in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

interface PendingOwner {
  owner_id: string;
  names: string[];
}

/**
 * The Friday cycle of one team. `weekly-reminder`: every salesperson with records changed this week
 * that are not covered by a pending or approved review of their current version is reminded.
 * `weekly-summary`: the manager gets who has not submitted, and the interactions logged late this week.
 */
export class WeeklyCycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly adminReviewerId: string,
  ) {}

  async run(job: WeeklyCycleJob): Promise<number> {
    const created: CreatedNotification[] = [];
    await this.dataSource.transaction(async (manager) => {
      const team = await manager.findOneBy(TeamEntity, { id: job.teamId });
      if (!team) return;
      const now = this.clock.now();
      const since = weekStart(now, team.timezone);
      const week = localDate(since, team.timezone);
      const pending: PendingOwner[] = await manager.query(
        `SELECT c.owner_id, array_agg(c.name ORDER BY c.name) AS names FROM wf_customer c
         WHERE c.team_id = $1 AND c.last_changed_at >= $2
           AND (c.archived_at IS NULL OR c.last_changed_at > c.archived_at)
           AND NOT EXISTS (SELECT 1 FROM review r WHERE r.customer_id = c.id AND r.status IN ('PENDING', 'APPROVED')
                           AND r.customer_version >= c.version)
         GROUP BY c.owner_id ORDER BY c.owner_id`,
        [team.id, since],
      );
      if (job.step === 'weekly-reminder') {
        for (const p of pending) {
          const n = await this.notifications.create(manager, {
            recipientId: p.owner_id,
            teamId: team.id,
            kind: 'WEEKLY_SUBMISSION_DUE',
            title: wf('weekly.reminder.title', { workdayEnd: team.workdayEnd }),
            body: wf('weekly.reminder.body', { customers: p.names }),
            dedupeKey: `weekly-reminder-${team.id}-${week}-${p.owner_id}`,
          });
          if (n) created.push(n);
        }
        return;
      }
      const lates: Array<{ author_id: string; name: string | null; occurred_at: Date; logged_at: Date }> = await manager.query(
        `SELECT i.author_id, c.name, i.occurred_at, i.logged_at FROM wf_interaction i LEFT JOIN wf_customer c ON c.id = i.customer_id
         WHERE i.team_id = $1 AND i.logged_late AND i.logged_at >= $2 ORDER BY i.logged_at`,
        [team.id, since],
      );
      const person = await peopleNames(manager, [...pending.map((p) => p.owner_id), ...lates.map((l) => l.author_id)]);
      const summary = (key: string, params?: Parameters<typeof wf>[1]) => wf(`weekly.summary.${key}`, params);
      const notSubmitted = pending.length
        ? summary('notSubmitted', {
            entries: pending.map((p) => summary('entry', { person: person(p.owner_id), customers: p.names })),
          })
        : summary('allSubmitted');
      const late = lates.length
        ? summary('late', {
            entries: lates.map((l) => summary('lateEntry', { person: person(l.author_id), customer: l.name ?? '?', at: l.occurred_at })),
          })
        : null;
      const n = await this.notifications.create(manager, {
        recipientId: team.managerId ?? this.adminReviewerId,
        teamId: team.id,
        kind: 'WEEKLY_MISSING_SUBMISSIONS',
        title: summary('title', { week: since, count: pending.length }),
        body: late ? summary('bodyWithLate', { notSubmitted, late }) : notSubmitted,
        dedupeKey: `weekly-summary-${team.id}-${week}`,
      });
      if (n) created.push(n);
    });
    await this.dispatcher.dispatch(created);
    return created.length;
  }
}
