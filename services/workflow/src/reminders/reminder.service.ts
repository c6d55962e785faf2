import type { DataSource } from 'typeorm';
import type { SendReminderJob } from '@salestrail/contract';
import { UNKNOWN_PERSON } from '../directory/names';
import { wf } from '../i18n/texts';
import type { CreatedNotification, NotificationDispatcher, NotificationService } from '../notifications/notification.service';
import type { NotificationKind } from '../notifications/notification-kind';
import { reminderJobId } from './reminder.scheduler';

const KINDS: Record<SendReminderJob['kind'], NotificationKind> = {
  'due-soon': 'NEXT_ACTION_DUE_SOON',
  overdue: 'NEXT_ACTION_OVERDUE',
  escalate: 'NEXT_ACTION_ESCALATED',
};

export class NotYetKnownError extends Error {}

/**
 * The `send-reminder` handler. It re-checks the action in the workflow database when it runs: nothing is
 * sent for an action that is no longer open or no longer due at the job's due time. The projection adds
 * a transaction's jobs to Redis just before it commits, so a job due at once may run while the change
 * that scheduled it (a reschedule, say) is still uncommitted: reading the action `FOR SHARE` waits for
 * that transaction and then sees the committed row, instead of the old due time. The notification's
 * dedupe key is the job id, so a job that runs twice notifies once. The recipient is read now, so a
 * transfer between scheduling and firing reaches the new owner (or the new team's manager).
 */
export class ReminderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly adminReviewerId: string,
    /** How long after its due time an open action is escalated (WORKFLOW_ESCALATE_AFTER_HOURS): the escalation says so. */
    private readonly escalateAfterMs: number,
  ) {}

  async fire(job: SendReminderJob): Promise<'sent' | 'skipped' | 'duplicate'> {
    let created: CreatedNotification | null = null;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{
        status: string;
        due_at: Date;
        owner_id: string;
        team_id: string;
        content: string;
        customer_id: string;
        customer_name: string | null;
        manager_id: string | null;
        owner_name: string | null;
      }> = await manager.query(
        `SELECT a.status, a.due_at, a.owner_id, a.team_id, a.content, a.customer_id, c.name AS customer_name,
           CASE WHEN m.active IS FALSE THEN NULL ELSE t.manager_id END AS manager_id, o.name AS owner_name
         FROM wf_next_action a LEFT JOIN wf_customer c ON c.id = a.customer_id LEFT JOIN team t ON t.id = a.team_id
           LEFT JOIN directory_user m ON m.id = t.manager_id LEFT JOIN directory_user o ON o.id = a.owner_id
         WHERE a.id = $1
         FOR SHARE OF a`,
        [job.nextActionId],
      );
      const action = rows[0];
      // The job may be added just before the event that created the action commits: retry later.
      if (!action) throw new NotYetKnownError(`next action ${job.nextActionId} is not known yet`);
      if (action.status !== 'OPEN' || action.due_at.getTime() !== job.dueEpochMs) return 'skipped' as const;
      const recipientId = job.kind === 'escalate' ? (action.manager_id ?? this.adminReviewerId) : action.owner_id;
      const customer = action.customer_name || action.customer_id;
      const owner = action.owner_name ?? UNKNOWN_PERSON;
      const params = { content: action.content, customer, owner, dueAt: action.due_at, delay: this.escalateAfterMs };
      const titles: Record<SendReminderJob['kind'], string> = {
        'due-soon': 'reminder.dueSoon.title',
        overdue: 'reminder.overdue.title',
        escalate: 'reminder.escalate.title',
      };
      created = await this.notifications.create(manager, {
        recipientId,
        teamId: action.team_id,
        kind: KINDS[job.kind],
        title: wf(titles[job.kind], params),
        body: wf('reminder.body', params),
        customerId: action.customer_id,
        dedupeKey: reminderJobId(job.kind, job.nextActionId, job.dueEpochMs),
      });
      return created ? ('sent' as const) : ('duplicate' as const);
    });
    if (created) await this.dispatcher.dispatch([created]);
    return outcome;
  }
}
