import { CronExpressionParser } from 'cron-parser';
import type { DataSource } from 'typeorm';
import type { WeeklyCycleJob } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { CreatedNotification, NotificationDispatcher, NotificationService } from '../notifications/notification.service';
import { peopleNames } from '../directory/names';
import { wf } from '../i18n/texts';
import { TeamEntity } from '../teams/team.entity';
import { weeklyDeadlineDay } from '../calendar/team-calendar.service';
import { localDate } from '../calendar/working-days';
import { changedUncoveredSql, sentBackSql } from '../reviews/to-submit';

/** Monday 00:00 of the current week in `timezone`, as an instant. */
export function weekStart(now: Date, timezone: string): Date {
  const at = new Date(now.getTime() + 1); // a run exactly at Monday 00:00 belongs to the new week
  return CronExpressionParser.parse('0 0 * * 1', { currentDate: at, tz: timezone }).prev().toDate();
}

export { localDate };

interface PendingOwner {
  owner_id: string;
  /** Changed this week and not covered by a pending or approved review of their current version. */
  changed: string[];
  /** Sent back (latest review CHANGES_REQUESTED) and not resubmitted, whenever that was. */
  sent_back: string[];
}

/** How long before the deadline (workday end) the reminder runs. */
const REMINDER_LEAD_MS = 2 * 60 * 60 * 1000;

/**
 * The Friday cycle of one team, run on its weekly deadline: the last working day of the team's week by
 * its calendar (Friday unless a holiday or a make-up working day moves it). The schedulers fire daily;
 * a run on any other day does nothing. `weekly-reminder`: every salesperson with records changed this
 * week that are not covered by a pending or approved review of their current version, or sent back and
 * not resubmitted (every week until they are), is reminded. `weekly-summary`: the manager gets who has
 * not submitted, the records still sent back, and the interactions logged late this week.
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
      // The deadline this run is for: the summary runs at workday end, the reminder two hours before.
      const deadline = new Date(this.clock.now().getTime() + (job.step === 'weekly-reminder' ? REMINDER_LEAD_MS : 0));
      const day = localDate(deadline, team.timezone);
      if ((await weeklyDeadlineDay(manager, team.id, day)) !== day) return;
      const since = weekStart(deadline, team.timezone);
      const week = localDate(since, team.timezone);
      const pending: PendingOwner[] = await manager.query(
        `SELECT c.owner_id,
                coalesce(array_agg(c.name ORDER BY c.name) FILTER (WHERE NOT c.sent_back), '{}') AS changed,
                coalesce(array_agg(c.name ORDER BY c.name) FILTER (WHERE c.sent_back), '{}') AS sent_back
           FROM (SELECT c.*, ${sentBackSql()} AS sent_back FROM wf_customer c WHERE c.team_id = $1) c
          WHERE c.sent_back OR ${changedUncoveredSql('$2')}
          GROUP BY c.owner_id ORDER BY c.owner_id`,
        [team.id, since],
      );
      if (job.step === 'weekly-reminder') {
        for (const p of pending) {
          const lines = [
            ...(p.changed.length ? [wf('weekly.reminder.changed', { customers: p.changed })] : []),
            ...(p.sent_back.length ? [wf('weekly.reminder.sentBack', { customers: p.sent_back })] : []),
          ];
          const n = await this.notifications.create(manager, {
            recipientId: p.owner_id,
            teamId: team.id,
            kind: 'WEEKLY_SUBMISSION_DUE',
            title: wf('weekly.reminder.title', { workdayEnd: team.workdayEnd }),
            body: wf('lines', { items: lines }),
            dedupeKey: `weekly-reminder-${team.id}-${week}-${p.owner_id}`,
          });
          if (n) created.push(n);
        }
        return;
      }
      const late: Array<{ author_id: string; name: string | null; occurred_at: Date; logged_at: Date }> = await manager.query(
        `SELECT i.author_id, c.name, i.occurred_at, i.logged_at FROM wf_interaction i LEFT JOIN wf_customer c ON c.id = i.customer_id
         WHERE i.team_id = $1 AND i.logged_late AND i.logged_at >= $2 ORDER BY i.logged_at`,
        [team.id, since],
      );
      const person = await peopleNames(manager, [...pending.map((p) => p.owner_id), ...late.map((l) => l.author_id)]);
      const summary = (key: string, params?: Parameters<typeof wf>[1]) => wf(`weekly.summary.${key}`, params);
      const changed = pending.filter((p) => p.changed.length);
      const sentBack = pending.filter((p) => p.sent_back.length);
      const lines = [
        ...(changed.length
          ? [summary('notSubmitted', { entries: changed.map((p) => summary('entry', { person: person(p.owner_id), customers: p.changed })) })]
          : []),
        ...(sentBack.length
          ? [summary('sentBack', { entries: sentBack.map((p) => summary('entry', { person: person(p.owner_id), customers: p.sent_back })) })]
          : []),
        ...(pending.length ? [] : [summary('allSubmitted')]),
        ...(late.length
          ? [summary('late', { entries: late.map((l) => summary('lateEntry', { person: person(l.author_id), customer: l.name ?? '?', at: l.occurred_at })) })]
          : []),
      ];
      const n = await this.notifications.create(manager, {
        recipientId: team.managerId ?? this.adminReviewerId,
        teamId: team.id,
        kind: 'WEEKLY_MISSING_SUBMISSIONS',
        title: summary('title', { week: since, count: pending.length }),
        body: wf('lines', { items: lines }),
        dedupeKey: `weekly-summary-${team.id}-${week}`,
      });
      if (n) created.push(n);
    });
    await this.dispatcher.dispatch(created);
    return created.length;
  }
}
