import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { applyEventOnce, createLogger, createRedis, type Redis } from '@salestrail/platform';
import { parseDomainEvent, type DomainEvent, type DomainEventType, type PayloadOf, type Role } from '@salestrail/contract';
import { testQueuePrefix, testRedisUrl } from '@salestrail/testkit';
import type { Clock } from '../common/clock';
import { parseAllowList } from '../webhooks/webhook-url.policy';
import { WorkflowModule, type WorkflowModuleOptions } from '../workflow.module';
import type { DataSource } from 'typeorm';
import { ensureDatabase, migrateDatabase } from '@salestrail/platform';
import { testDatabaseUrl } from '@salestrail/testkit';

/** Shared with every service's tests; re-exported so test files import one harness. */
export { actorOf, uniqueTeam } from '@salestrail/testkit';
import { createWorkflowDataSource } from '../data-source';

/** The workflow database of this test run, migrated once; tests isolate themselves by team id. */
export async function workflowTestDataSource(): Promise<DataSource> {
  const url = testDatabaseUrl('workflow');
  await ensureDatabase(url);
  const ds = createWorkflowDataSource(url, 4);
  await ds.initialize();
  await migrateDatabase(ds);
  return ds;
}


export interface TestPerson {
  id: string;
  name: string;
  role?: Role;
  teamId?: string | null;
  email?: string | null;
  active?: boolean;
  /** The language they read (zh-CN when not given). */
  locale?: 'zh-CN' | 'en';
}

/**
 * People in the directory, as an ADMIN would have added them (straight into the table: a test of
 * something else needs them there, not the directory's rules). Adding someone again changes nothing.
 */
export async function addPeople(ds: DataSource, people: TestPerson[]): Promise<void> {
  for (const p of people) {
    await ds.query(
      `INSERT INTO directory_user (id, name, email, locale, team_id, role, active, source, version, created_at, updated_at)
       VALUES ($1, $2, $3, $7, $4, $5, $6, 'ADMIN', 1, now(), now()) ON CONFLICT (id) DO NOTHING`,
      [p.id, p.name, p.email ?? null, p.teamId ?? null, p.role ?? 'SALES_REP', p.active ?? true, p.locale ?? 'zh-CN'],
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// The workflow wired for a test: its own queue prefix, a clock the test controls, real Redis/BullMQ.

export interface TestWorkflow {
  module: WorkflowModule;
  redis: Redis;
  prefix: string;
  close(): Promise<void>;
}

/** The allow-list of the tests' local webhook receivers (as `WORKFLOW_WEBHOOK_ALLOWED_HOSTS=127.0.0.1`). */
export const LOCAL_RECEIVERS = parseAllowList('127.0.0.1');

let prefixCounter = 0;
export function uniquePrefix(scope: string): string {
  prefixCounter += 1;
  return testQueuePrefix(`${scope}-${process.pid}-${prefixCounter}`);
}

export async function testWorkflow(
  ds: DataSource,
  scope: string,
  options: Partial<WorkflowModuleOptions> & { clock?: Clock; workers?: boolean } = {},
): Promise<TestWorkflow> {
  const redis = createRedis(testRedisUrl());
  const prefix = uniquePrefix(scope);
  const module = new WorkflowModule({
    dataSource: ds,
    redis,
    queuePrefix: prefix,
    logger: createLogger('workflow-test', 'silent'),
    adminReviewerId: 'admin-1',
    webhookBackoffMs: 50,
    ...options,
    // The tests' webhook receivers listen on 127.0.0.1, which only the operator's allow-list admits.
    webhookNetwork: { allowList: LOCAL_RECEIVERS, ...options.webhookNetwork },
  });
  if (options.workers) module.startWorkers();
  return {
    module,
    redis,
    prefix,
    async close() {
      await module.closeWorkers();
      await module.closeQueues();
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}

/** Deletes every Redis key of one queue prefix (only the test's own keys). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

let seq = Math.floor(Math.random() * 1e9) * 1000;
/** A records event as the relay would deliver it. */
export function recordsEvent<T extends DomainEventType>(
  type: T,
  payload: PayloadOf<T>,
  envelope: { aggregateId: string; version: number; teamId: string; actorId?: string; occurredAt?: string },
): DomainEvent {
  seq += 1;
  return parseDomainEvent({
    id: randomUUID(),
    producer: 'records',
    seq,
    type,
    version: envelope.version,
    occurredAt: envelope.occurredAt ?? new Date().toISOString(),
    actor: { userId: envelope.actorId ?? 'rep-1', role: 'SALES_REP', teamId: envelope.teamId },
    teamId: envelope.teamId,
    aggregateId: envelope.aggregateId,
    payload,
  });
}

/**
 * A seeding kit that reads like the form: `seed.customer(...)`, `seed.interaction(...)`, ... Each call
 * applies the records event through the workflow's real handler (exactly once, like the consumer).
 */
export class Seed {
  private versions = new Map<string, number>();
  constructor(
    private readonly ds: DataSource,
    private readonly handler: WorkflowModule['eventHandler'],
  ) {}

  async apply(event: DomainEvent): Promise<DomainEvent> {
    await applyEventOnce(this.ds, event, this.handler);
    return event;
  }

  private next(customerId: string): number {
    const v = (this.versions.get(customerId) ?? 0) + 1;
    this.versions.set(customerId, v);
    return v;
  }

  version(customerId: string): number {
    return this.versions.get(customerId) ?? 0;
  }

  async customer(c: {
    teamId: string;
    ownerId: string;
    id?: string;
    name?: string;
    industryCode?: string;
    contactCount?: number;
    firstContactDate?: string;
    at?: string;
    possibleDuplicates?: Array<{ customerId: string; teamId: string }>;
  }): Promise<string> {
    const id = c.id ?? randomUUID();
    const at = c.at ?? new Date().toISOString();
    await this.apply(
      recordsEvent(
        'customer.created',
        {
          customerId: id,
          name: c.name ?? 'ABC公司',
          kind: 'ENTERPRISE',
          industryCode: c.industryCode ?? 'C34',
          sourceChannel: 'TRADE_SHOW',
          firstContactDate: c.firstContactDate ?? '2024-03-15',
          ownerId: c.ownerId,
          teamId: c.teamId,
          contactCount: c.contactCount ?? 1,
          stage: 'LEAD_NURTURING',
          createdAt: at,
          ...(c.possibleDuplicates ? { possibleDuplicates: c.possibleDuplicates } : {}),
        },
        { aggregateId: id, version: this.next(id), teamId: c.teamId, actorId: c.ownerId, occurredAt: at },
      ),
    );
    return id;
  }

  /** An interaction with its next action (records logs both together). Returns the next action id. */
  async interaction(c: {
    customerId: string;
    teamId: string;
    ownerId: string;
    occurredAt: string;
    dueAt: string;
    loggedAt?: string;
    loggedLate?: boolean;
    content?: string;
    withoutNextAction?: boolean;
    speculativeTerms?: string[];
  }): Promise<{ interactionId: string; nextActionId: string }> {
    const interactionId = randomUUID();
    const nextActionId = randomUUID();
    const loggedAt = c.loggedAt ?? new Date().toISOString();
    const env = () => ({ aggregateId: c.customerId, version: this.next(c.customerId), teamId: c.teamId, actorId: c.ownerId, occurredAt: loggedAt });
    await this.apply(
      recordsEvent(
        'interaction.logged',
        {
          interactionId,
          customerId: c.customerId,
          occurredAt: c.occurredAt,
          loggedAt,
          method: 'PHONE_CALL',
          isFirstContact: false,
          loggedLate: c.loggedLate ?? false,
          ...(c.speculativeTerms ? { speculativeTerms: c.speculativeTerms } : {}),
          authorId: c.ownerId,
          ownerId: c.ownerId,
          teamId: c.teamId,
          nextActionId,
          needIds: [],
          painPointIds: [],
        },
        env(),
      ),
    );
    if (!c.withoutNextAction) {
      await this.nextAction({ ...c, id: nextActionId, interactionId, createdAt: loggedAt });
    }
    return { interactionId, nextActionId };
  }

  async nextAction(c: {
    customerId: string;
    teamId: string;
    ownerId: string;
    dueAt: string;
    id?: string;
    interactionId?: string | null;
    content?: string;
    createdAt?: string;
  }): Promise<string> {
    const id = c.id ?? randomUUID();
    const createdAt = c.createdAt ?? new Date().toISOString();
    await this.apply(
      recordsEvent(
        'next_action.created',
        {
          nextActionId: id,
          customerId: c.customerId,
          interactionId: c.interactionId ?? null,
          content: c.content ?? '把详细的产品规格表发邮件给客户',
          ownerId: c.ownerId,
          teamId: c.teamId,
          dueAt: c.dueAt,
          createdAt,
        },
        { aggregateId: c.customerId, version: this.next(c.customerId), teamId: c.teamId, actorId: c.ownerId, occurredAt: createdAt },
      ),
    );
    return id;
  }

  async completeAction(a: { id: string; customerId: string; teamId: string; ownerId: string }): Promise<void> {
    await this.apply(
      recordsEvent(
        'next_action.completed',
        { nextActionId: a.id, customerId: a.customerId, ownerId: a.ownerId, completedAt: new Date().toISOString(), note: null },
        { aggregateId: a.customerId, version: this.next(a.customerId), teamId: a.teamId },
      ),
    );
  }

  async cancelAction(a: { id: string; customerId: string; teamId: string; ownerId: string }): Promise<void> {
    await this.apply(
      recordsEvent(
        'next_action.cancelled',
        { nextActionId: a.id, customerId: a.customerId, ownerId: a.ownerId, reason: '客户取消', cancelledAt: new Date().toISOString() },
        { aggregateId: a.customerId, version: this.next(a.customerId), teamId: a.teamId },
      ),
    );
  }

  async rescheduleAction(a: { id: string; customerId: string; teamId: string; ownerId: string; fromDueAt: string; dueAt: string }) {
    await this.apply(
      recordsEvent(
        'next_action.rescheduled',
        { nextActionId: a.id, customerId: a.customerId, ownerId: a.ownerId, fromDueAt: a.fromDueAt, dueAt: a.dueAt, reason: '客户改期' },
        { aggregateId: a.customerId, version: this.next(a.customerId), teamId: a.teamId },
      ),
    );
  }

  async stage(c: { customerId: string; teamId: string; ownerId: string; from: string; to: string; at: string }): Promise<void> {
    await this.apply(
      recordsEvent(
        'customer.stage_changed',
        {
          customerId: c.customerId,
          from: c.from as never,
          to: c.to as never,
          at: c.at,
          reason: null,
          ownerId: c.ownerId,
          teamId: c.teamId,
        },
        { aggregateId: c.customerId, version: this.next(c.customerId), teamId: c.teamId, occurredAt: c.at },
      ),
    );
  }

  async need(c: { customerId: string; teamId: string; id?: string }): Promise<string> {
    const id = c.id ?? randomUUID();
    await this.apply(
      recordsEvent(
        'need.recorded',
        { needId: id, customerId: c.customerId, kind: 'EXPLICIT', description: '预算50万以内', interactionId: null },
        { aggregateId: c.customerId, version: this.next(c.customerId), teamId: c.teamId },
      ),
    );
    return id;
  }

  async painPoint(c: { customerId: string; teamId: string; needIds: string[] }): Promise<string> {
    const id = randomUUID();
    await this.apply(
      recordsEvent(
        'pain_point.recorded',
        { painPointId: id, customerId: c.customerId, description: '人工分拣效率低', needIds: c.needIds, interactionId: null },
        { aggregateId: c.customerId, version: this.next(c.customerId), teamId: c.teamId },
      ),
    );
    return id;
  }
}

/** One message as the local SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>`, for the module's `email.smtpUrl`. */
  url: string;
  port: number;
  /** Every message received, in order. */
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no TLS, no authentication) that keeps every message it receives. */
export async function smtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
