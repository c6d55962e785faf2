import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { OutboundDispatcher } from '../notifications/outbound.dispatcher';
import { WebhookDeliveryEntity, WebhookEntity, type WebhookDeliveryStatus } from './webhook.entity';
import type { WebhookUrlPolicy } from './webhook-url.policy';
import type { WebhookInput } from './webhook.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN manages webhooks');
}

/** Outbound webhooks per team (ADMIN): configuration, the delivery log and replay of failed deliveries. */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly dispatcher: Pick<OutboundDispatcher, 'enqueueWebhook'>,
    private readonly policy: WebhookUrlPolicy,
  ) {}

  async upsert(actor: Actor, input: WebhookInput): Promise<WebhookEntity> {
    requireAdmin(actor);
    // Public receivers only, unless the operator allowed a private one (webhook-url.policy.ts).
    const url = await this.policy.checkUrl(input.url);
    if (input.secret.length < 16) throw new BadInputError('secret', 'TOO_SHORT', 'secret needs at least 16 characters');
    const team: unknown[] = await this.dataSource.query('SELECT 1 FROM team WHERE id = $1', [input.teamId]);
    if (team.length === 0) throw new NotFoundError('Team', input.teamId);
    const now = this.clock.now();
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO webhook (id, team_id, url, secret, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (team_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, active = EXCLUDED.active,
         updated_at = EXCLUDED.updated_at
       RETURNING id`,
      [randomUUID(), input.teamId, url.toString(), input.secret, input.active ?? true, now],
    );
    return this.dataSource.getRepository(WebhookEntity).findOneByOrFail({ id: row!.id });
  }

  /** Every team's webhook (at most one per team), by team. */
  async list(actor: Actor): Promise<WebhookEntity[]> {
    requireAdmin(actor);
    return this.dataSource.getRepository(WebhookEntity).find({ order: { teamId: 'ASC' } });
  }

  async deliveries(actor: Actor, status: WebhookDeliveryStatus | null, webhookId: string | null = null): Promise<WebhookDeliveryEntity[]> {
    requireAdmin(actor);
    if (webhookId && !UUID.test(webhookId)) return [];
    return this.dataSource.getRepository(WebhookDeliveryEntity).find({
      where: { ...(status ? { status } : {}), ...(webhookId ? { webhookId } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
  }

  /** Sends a FAILED delivery again (same body, fresh attempts); anything else is a CONFLICT. */
  async replay(actor: Actor, id: string): Promise<WebhookDeliveryEntity> {
    requireAdmin(actor);
    if (!UUID.test(id)) throw new NotFoundError('Webhook delivery', id);
    const replay = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(WebhookDeliveryEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('Webhook delivery', id);
      if (row.status !== 'FAILED') throw new ConflictError(`Delivery ${id} is ${row.status}, not FAILED`, 'NOT_FAILED');
      row.status = 'PENDING';
      row.replays += 1;
      row.failedAt = null;
      await manager.save(WebhookDeliveryEntity, row);
      return row;
    });
    await this.dispatcher.enqueueWebhook(replay.id, replay.replays);
    return replay;
  }
}
