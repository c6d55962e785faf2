import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventOf } from '@salestrail/contract';
import { msg } from '@salestrail/platform';
import { peopleNames } from '../directory/names';
import { wf } from '../i18n/texts';
import type { UserRepository } from '../directory/user.repository';
import type { CreatedNotification, NotificationService } from '../notifications/notification.service';

/** The stages in which after-sales people read a customer (DEAL_SIGNING) and then look after it (AFTER_SALES). */
const HANDED_OVER = new Set(['DEAL_SIGNING', 'AFTER_SALES']);

/**
 * The form's hand-over to after-sales (SOURCE-FORM §4): a customer reaching DEAL_SIGNING or AFTER_SALES
 * notifies the team's after-sales people as the directory knows them (`afterSalesPeople`: the team's
 * and those of no team), CUSTOMER_HANDED_TO_AFTER_SALES, once per transition and person, in the
 * transaction that applies the event.
 */
export class AfterSalesNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly people: UserRepository,
  ) {}

  async notify(events: readonly DomainEvent[], manager: EntityManager): Promise<CreatedNotification[]> {
    const created: CreatedNotification[] = [];
    for (const event of events) {
      if (event.type !== 'customer.stage_changed' || !HANDED_OVER.has(event.payload.to)) continue;
      created.push(...(await this.handOver(event, manager)));
    }
    return created;
  }

  private async handOver(event: EventOf<'customer.stage_changed'>, manager: EntityManager): Promise<CreatedNotification[]> {
    const p = event.payload;
    const recipients = await this.people.afterSalesPeople(manager, p.teamId);
    if (recipients.length === 0) return [];
    const rows: Array<{ name: string }> = await manager.query(`SELECT name FROM wf_customer WHERE id = $1`, [p.customerId]);
    const name = rows[0]?.name || p.customerId;
    const person = await peopleNames(manager, [p.ownerId]);
    const created: CreatedNotification[] = [];
    for (const recipientId of recipients) {
      const notification = await this.notifications.create(manager, {
        recipientId,
        teamId: p.teamId,
        kind: 'CUSTOMER_HANDED_TO_AFTER_SALES',
        title: wf('afterSales.title', { customer: name }),
        body: wf('afterSales.body', {
          customer: name,
          stage: msg(`enum:SalesStage.${p.to}`),
          at: new Date(p.at),
          owner: person(p.ownerId),
          what: wf(`afterSales.${p.to}`),
        }),
        customerId: p.customerId,
        dedupeKey: `after-sales-${event.id}-${recipientId}`,
      });
      if (notification) created.push(notification);
    }
    return created;
  }
}
