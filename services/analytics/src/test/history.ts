import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import type { DomainEvent, Stage } from '@salestrail/contract';
import { handleAnalyticsEvent } from '../events/analytics-event.handler';
import { actorOf, envelope } from './harness';

/** Local time in Asia/Shanghai (the default team time zone) as an instant. */
export function sh(local: string): string {
  return new Date(`${local}+08:00`).toISOString();
}

/**
 * A seeding kit that reads like the domain: `history.customer('a', rep).created(at).stage(to, at)...`
 * builds the events records would emit (with per-customer versions) for one isolated team.
 */
export class History {
  readonly events: DomainEvent[] = [];
  private readonly customers = new Map<string, CustomerHistory>();
  constructor(readonly team: string) {}

  /** A new customer of this team, or (given only its name) the one already started, to continue its history. */
  customer(name: string, ownerId?: string, opts: { industryCode?: string; sourceChannel?: string } = {}): CustomerHistory {
    const known = this.customers.get(name);
    if (known) return known;
    const customer = new CustomerHistory(this, `${this.team}-${name}`, ownerId ?? 'rep-1', opts.industryCode ?? 'C34', opts.sourceChannel ?? 'TRADE_SHOW');
    this.customers.set(name, customer);
    return customer;
  }

  teamUpserted(timezone: string): this {
    this.events.push(
      envelope({
        type: 'team.upserted',
        aggregateId: this.team,
        version: this.events.length + 1,
        teamId: this.team,
        actor: actorOf('ADMIN', 'admin', null),
        payload: { teamId: this.team, name: this.team, managerId: null, assistantId: null, timezone, workdayEnd: '18:00' },
      }),
    );
    return this;
  }

  async apply(ds: DataSource, events: readonly DomainEvent[] = this.events): Promise<void> {
    for (const event of events) await applyEventOnce(ds, event, handleAnalyticsEvent);
  }
}

export class CustomerHistory {
  private version = 0;
  private stageNow: Stage = 'LEAD_NURTURING';
  teamId: string;

  constructor(
    private readonly history: History,
    readonly id: string,
    public ownerId: string,
    private industryCode: string,
    private sourceChannel: string,
  ) {
    this.teamId = history.team;
  }

  private push(event: Omit<DomainEvent, 'id' | 'producer' | 'seq' | 'occurredAt' | 'version' | 'actor' | 'teamId'>): this {
    this.version += 1;
    this.history.events.push(
      envelope({
        ...event,
        version: this.version,
        teamId: this.teamId,
        actor: actorOf('SALES_REP', this.ownerId, this.teamId),
      } as Omit<DomainEvent, 'id' | 'producer' | 'seq' | 'occurredAt'>),
    );
    return this;
  }

  private facts() {
    return {
      customerId: this.id,
      name: this.id,
      kind: 'ENTERPRISE',
      industryCode: this.industryCode,
      sourceChannel: this.sourceChannel,
      firstContactDate: '2024-01-01',
      ownerId: this.ownerId,
      teamId: this.teamId,
    };
  }

  created(at: string): this {
    return this.push({
      type: 'customer.created',
      aggregateId: this.id,
      payload: { ...this.facts(), stage: 'LEAD_NURTURING', createdAt: at },
    } as never);
  }

  stage(to: Stage, at: string, reason: string | null = null): this {
    const from = this.stageNow;
    this.stageNow = to;
    return this.push({
      type: 'customer.stage_changed',
      aggregateId: this.id,
      payload: { customerId: this.id, from, to, at, reason, ownerId: this.ownerId, teamId: this.teamId },
    } as never);
  }

  updated(changes: { industryCode?: string; sourceChannel?: string }, at: string): this {
    this.industryCode = changes.industryCode ?? this.industryCode;
    this.sourceChannel = changes.sourceChannel ?? this.sourceChannel;
    return this.push({
      type: 'customer.updated',
      aggregateId: this.id,
      payload: { ...this.facts(), changed: Object.keys(changes), updatedAt: at },
    } as never);
  }

  transferred(toOwnerId: string, at: string, nextActionIds: string[] = [], toTeamId = this.teamId): this {
    const fromOwnerId = this.ownerId;
    const fromTeamId = this.teamId;
    this.ownerId = toOwnerId;
    this.teamId = toTeamId;
    return this.push({
      type: 'customer.transferred',
      aggregateId: this.id,
      payload: { customerId: this.id, fromOwnerId, toOwnerId, fromTeamId, toTeamId, reason: 'hand-over', nextActionIds, at },
    } as never);
  }

  /** An open action given to someone else while the customer keeps its owner (a hand-over). */
  reassigned(nextActionId: string, toOwnerId: string, at: string): this {
    return this.push({
      type: 'next_action.reassigned',
      aggregateId: this.id,
      payload: { nextActionId, customerId: this.id, fromOwnerId: this.ownerId, toOwnerId, teamId: this.teamId, reason: 'hand-over', handOverId: null, at },
    } as never);
  }

  interaction(occurredAt: string, loggedAt: string, id = randomUUID()): this {
    return this.push({
      type: 'interaction.logged',
      aggregateId: this.id,
      payload: {
        interactionId: id,
        customerId: this.id,
        occurredAt,
        loggedAt,
        method: 'PHONE_CALL',
        isFirstContact: false,
        loggedLate: Date.parse(loggedAt) - Date.parse(occurredAt) > 86_400_000,
        authorId: this.ownerId,
        ownerId: this.ownerId,
        teamId: this.teamId,
        nextActionId: randomUUID(),
        needIds: [],
        painPointIds: [],
      },
    } as never);
  }

  nextAction(id: string, createdAt: string, dueAt: string): this {
    return this.push({
      type: 'next_action.created',
      aggregateId: this.id,
      payload: {
        nextActionId: id,
        customerId: this.id,
        interactionId: null,
        content: 'Email the product specification sheet',
        ownerId: this.ownerId,
        teamId: this.teamId,
        dueAt,
        createdAt,
      },
    } as never);
  }

  completed(id: string, completedAt: string): this {
    return this.push({
      type: 'next_action.completed',
      aggregateId: this.id,
      payload: { nextActionId: id, customerId: this.id, ownerId: this.ownerId, completedAt, note: null },
    } as never);
  }

  cancelled(id: string, cancelledAt: string): this {
    return this.push({
      type: 'next_action.cancelled',
      aggregateId: this.id,
      payload: { nextActionId: id, customerId: this.id, ownerId: this.ownerId, reason: 'customer declined', cancelledAt },
    } as never);
  }

  rescheduled(id: string, fromDueAt: string, dueAt: string): this {
    return this.push({
      type: 'next_action.rescheduled',
      aggregateId: this.id,
      payload: { nextActionId: id, customerId: this.id, ownerId: this.ownerId, fromDueAt, dueAt, reason: 'customer asked' },
    } as never);
  }
}

/** A deterministic shuffle (so a failing order can be reproduced). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
