import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventOf } from '@salestrail/contract';
import type { CreatedNotification, NewNotification, NotificationService } from '../notifications/notification.service';

/**
 * Duplicates across teams (撞单): records creates a customer whose folded name matches another team's
 * (or renames one so), and says so in its event. The manager of each team concerned is told
 * (POSSIBLE_DUPLICATE_CUSTOMER), each about their own team's customer, so that they agree who follows
 * it up; a team without a manager (or unknown to workflow) has the ADMIN reviewer told instead.
 */
export class PossibleDuplicateNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly adminReviewerId: string,
  ) {}

  async notify(events: readonly DomainEvent[], manager: EntityManager): Promise<CreatedNotification[]> {
    const created: CreatedNotification[] = [];
    for (const event of events) {
      if ((event.type === 'customer.created' || event.type === 'customer.updated') && event.payload.possibleDuplicates?.length) {
        created.push(...(await this.tell(event, manager)));
      }
    }
    return created;
  }

  private async tell(event: EventOf<'customer.created'> | EventOf<'customer.updated'>, manager: EntityManager): Promise<CreatedNotification[]> {
    const p = event.payload;
    const matches = p.possibleDuplicates ?? [];
    const teams = [p.teamId, ...matches.map((m) => m.teamId)];
    const rows: Array<{ id: string; manager_id: string | null }> = await manager.query(`SELECT id, manager_id FROM team WHERE id = ANY($1)`, [teams]);
    const managerOf = (teamId: string) => rows.find((t) => t.id === teamId)?.manager_id ?? this.adminReviewerId;
    const otherTeams = [...new Set(matches.map((m) => m.teamId))];
    const title = `Possible duplicate (撞单): ${p.name}`;
    const messages: NewNotification[] = [
      {
        recipientId: managerOf(p.teamId),
        teamId: p.teamId,
        kind: 'POSSIBLE_DUPLICATE_CUSTOMER',
        title,
        body: `${p.name}, just recorded in your team (owner ${p.ownerId}), has the same name as a customer of team ${otherTeams.join(', ')}: agree with its manager who follows it up.`,
        customerId: p.customerId,
        dedupeKey: `duplicate-${event.id}-${p.customerId}`,
      },
      ...matches.map((m) => ({
        recipientId: managerOf(m.teamId),
        teamId: m.teamId,
        kind: 'POSSIBLE_DUPLICATE_CUSTOMER' as const,
        title,
        body: `Team ${p.teamId} has just recorded ${p.name}, the same name as this customer of your team: agree with its manager who follows it up.`,
        customerId: m.customerId,
        dedupeKey: `duplicate-${event.id}-${m.customerId}`,
      })),
    ];
    const created: CreatedNotification[] = [];
    for (const message of messages) {
      const notification = await this.notifications.create(manager, message);
      if (notification) created.push(notification);
    }
    return created;
  }
}
