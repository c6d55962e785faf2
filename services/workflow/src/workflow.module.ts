import type { Worker } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import type { AfterCommit, BatchEventHandler, EventHandler, Logger, Redis } from '@salestrail/platform';
import type { DomainEvent } from '@salestrail/contract';
import { AfterSalesNotifier } from './after-sales/after-sales.notifier';
import { systemClock, type Clock } from './common/clock';
import { WorkflowQueues } from './common/queues';
import type { WorkflowServices } from './context';
import { CustomerProjection } from './customers/customer-projection';
import { DirectoryService } from './directory/directory.service';
import { UserRepository } from './directory/user.repository';
import { EmailChannelService } from './email/email-channel.service';
import { EmailSender, type EmailSettings } from './email/email.sender';
import { PossibleDuplicateNotifier } from './duplicates/possible-duplicate.notifier';
import { HandOverService } from './hand-overs/hand-over.service';
import { NotificationService } from './notifications/notification.service';
import { OutboundDispatcher } from './notifications/outbound.dispatcher';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { HOUR_MS, ReminderScheduler } from './reminders/reminder.scheduler';
import { ReminderService } from './reminders/reminder.service';
import { ReviewService } from './reviews/review.service';
import type { TeamEntity } from './teams/team.entity';
import { TeamWeekRepository } from './team-week/team-week.repository';
import { TeamWeekService } from './team-week/team-week.service';
import { TeamService } from './teams/team.service';
import { TeamCalendarService } from './calendar/team-calendar.service';
import { WebhookDeliverer } from './webhooks/webhook.delivery';
import { WebhookService } from './webhooks/webhook.service';
import { WebhookTransport, type WebhookNetworkSettings } from './webhooks/webhook.transport';
import { EMPTY_ALLOW_LIST, WebhookUrlPolicy, systemResolver } from './webhooks/webhook-url.policy';
import { WeeklyCycleScheduler } from './weekly-cycle/weekly-cycle.scheduler';
import { WeeklyCycleService } from './weekly-cycle/weekly-cycle.service';
import { startWorkflowWorkers } from './workers';

export interface WorkflowModuleOptions {
  dataSource: DataSource;
  redis: Redis;
  queuePrefix: string;
  logger: Logger;
  clock?: Clock;
  adminReviewerId: string;
  escalateAfterMs?: number;
  webhookAttempts?: number;
  webhookBackoffMs?: number;
  /** Where and how long webhooks may connect; unset parts take the defaults of `config.ts` (not production). */
  webhookNetwork?: Partial<WebhookNetworkSettings>;
  email?: EmailSettings | null;
  /** BullMQ's lock on a job and the stalled-job check (QUEUE_LOCK_DURATION_MS); BullMQ's 30 s when unset. */
  lockDurationMs?: number;
  reminderConcurrency?: number;
}

/**
 * The workflow's object graph, built once per process (and per integration test, with its own queue
 * prefix and clock): services, the event handler and the workers, with their real dependencies.
 */
export class WorkflowModule {
  readonly clock: Clock;
  readonly queues: WorkflowQueues;
  readonly reminderScheduler: ReminderScheduler;
  readonly weeklyScheduler: WeeklyCycleScheduler;
  readonly outbound: OutboundDispatcher;
  readonly projection: CustomerProjection;
  readonly services: WorkflowServices;
  readonly reminders: ReminderService;
  readonly weekly: WeeklyCycleService;
  readonly deliverer: WebhookDeliverer;
  readonly email: EmailSender | null;
  private readonly webhookTransport: WebhookTransport;
  private readonly afterSales: AfterSalesNotifier;
  private readonly duplicates: PossibleDuplicateNotifier;
  private workers: Worker[] = [];

  constructor(private readonly options: WorkflowModuleOptions) {
    const { dataSource } = options;
    this.clock = options.clock ?? systemClock;
    this.queues = new WorkflowQueues(options.redis, options.queuePrefix);
    const escalateAfterMs = options.escalateAfterMs ?? 24 * HOUR_MS;
    this.reminderScheduler = new ReminderScheduler(this.queues, this.clock, escalateAfterMs);
    this.weeklyScheduler = new WeeklyCycleScheduler(this.queues);
    this.email = options.email ? new EmailSender(dataSource, this.clock, options.email) : null;
    this.outbound = new OutboundDispatcher(this.queues, {
      webhookAttempts: options.webhookAttempts ?? 6,
      webhookBackoffMs: options.webhookBackoffMs ?? 10_000,
      emailEnabled: this.email !== null,
    });
    this.projection = new CustomerProjection(this.reminderScheduler);
    const notifications = new NotificationService(dataSource, this.clock);
    const people = new UserRepository(dataSource);
    this.afterSales = new AfterSalesNotifier(notifications, people);
    this.duplicates = new PossibleDuplicateNotifier(notifications, people, options.adminReviewerId);
    const reviews = new ReviewService(
      dataSource,
      this.clock,
      { adminReviewerId: options.adminReviewerId },
      notifications,
      this.outbound,
      this.queues,
    );
    this.reminders = new ReminderService(dataSource, notifications, this.outbound, options.adminReviewerId, escalateAfterMs);
    this.weekly = new WeeklyCycleService(dataSource, this.clock, notifications, this.outbound, options.adminReviewerId);
    const network: WebhookNetworkSettings = {
      allowList: EMPTY_ALLOW_LIST,
      requireHttps: false,
      connectTimeoutMs: 5_000,
      timeoutMs: 10_000,
      resolve: systemResolver,
      ...options.webhookNetwork,
    };
    const webhookPolicy = new WebhookUrlPolicy({ ...network, resolveTimeoutMs: network.connectTimeoutMs });
    this.webhookTransport = new WebhookTransport(webhookPolicy, network);
    this.deliverer = new WebhookDeliverer(dataSource, this.clock, options.logger, this.webhookTransport);
    const reconciliation = new ReconciliationService(
      dataSource,
      this.clock,
      this.weeklyScheduler,
      this.reminderScheduler,
      reviews,
      this.outbound,
    );
    // A team's Friday schedulers follow its time zone and workday end; its due-soon reminders its lead.
    const afterTeamUpsert = async (team: TeamEntity, previous: TeamEntity | null) => {
      await this.weeklyScheduler.upsert(team);
      if (previous && previous.dueSoonLeadMinutes !== team.dueSoonLeadMinutes) await reconciliation.refreshDueSoon(team.id);
    };
    const handOvers = new HandOverService(dataSource, this.clock, people, notifications, this.outbound);
    this.services = {
      teams: new TeamService(dataSource, afterTeamUpsert),
      calendar: new TeamCalendarService(dataSource, this.clock),
      reviews,
      notifications,
      webhooks: new WebhookService(dataSource, this.clock, this.outbound, webhookPolicy),
      emailChannel: new EmailChannelService(dataSource, this.clock, options.email ?? null, this.outbound),
      reconciliation,
      directory: new DirectoryService(dataSource, this.clock, people, handOvers),
      handOvers,
      teamWeek: new TeamWeekService(new TeamWeekRepository(dataSource), this.clock),
    };
  }

  /** The inbound-event handler (records' customers, next actions, interactions...). */
  get eventHandler(): EventHandler {
    return (event, manager) => this.applyEvents([event], manager);
  }

  /** The same for several events in one transaction (their reminder job changes sent together). */
  get batchEventHandler(): BatchEventHandler {
    return (events, manager) => this.applyEvents(events, manager);
  }

  /**
   * Records' events, in the transaction that marks them applied: the people who caused them join the
   * directory if it does not hold them, records' facts update the projection (and its reminder jobs), a
   * finished hand-over is marked so, and the notifications the events call for (after-sales hand-over,
   * duplicates across teams) are stored; their webhooks and e-mails are queued once it has committed.
   */
  private async applyEvents(events: DomainEvent[], manager: EntityManager): Promise<AfterCommit> {
    await this.services.directory.learnActors(manager, events);
    await this.projection.applyBatch(events, manager);
    for (const event of events) {
      if (event.type === 'hand_over.completed') await this.services.handOvers.completed(event, manager);
    }
    const created = [...(await this.afterSales.notify(events, manager)), ...(await this.duplicates.notify(events, manager))];
    return async () => {
      if (created.length === 0) return;
      await this.outbound.dispatch(created).catch((err: unknown) => {
        // The notifications are stored; pending webhook deliveries are re-queued by reconciliation.
        this.options.logger.warn({ err }, 'queueing outbound notifications failed');
      });
    };
  }

  startWorkers(): Worker[] {
    this.workers = startWorkflowWorkers({
      connection: this.options.redis,
      prefix: this.options.queuePrefix,
      logger: this.options.logger.child({ component: 'workers' }),
      reviews: this.services.reviews,
      reminders: this.reminders,
      weekly: this.weekly,
      webhooks: this.deliverer,
      email: this.email,
      ...(this.options.reminderConcurrency ? { reminderConcurrency: this.options.reminderConcurrency } : {}),
      ...(this.options.lockDurationMs ? { lockDurationMs: this.options.lockDurationMs } : {}),
    });
    return this.workers;
  }

  async closeWorkers(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
  }

  async closeQueues(): Promise<void> {
    await this.queues.close();
    this.email?.close();
    await this.webhookTransport.close();
  }
}
