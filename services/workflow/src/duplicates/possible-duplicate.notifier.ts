import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventOf } from '@salestrail/contract';
import { peopleNames } from '../directory/names';
import { wf } from '../i18n/texts';
import type { UserRepository } from '../directory/user.repository';
import type { CreatedNotification, NewNotification, NotificationService } from '../notifications/notification.service';

/**
 * Duplicates across teams (撞单): records creates a customer whose folded name matches another team's
 * (or renames one so), and says so in its event. The managers of each team concerned are told
 * (POSSIBLE_DUPLICATE_CUSTOMER), each about their own team's customer, so that they agree who follows
 * it up: the team's manager unless the directory says they have left, and the team's active
 * SALES_MANAGER people (`teamManagers`); a team with none (or unknown to workflow) has the ADMIN
 * reviewer told instead.
 */
export class PossibleDuplicateNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly people: UserRepository,
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
    const teamIds = [p.teamId, ...matches.map((m) => m.teamId)];
    const managers = await this.people.teamManagers(manager, teamIds);
    const managersOf = (teamId: string) => managers.get(teamId) ?? [this.adminReviewerId];
    const teamRows: Array<{ id: string; name: string }> = await manager.query(`SELECT id, name FROM team WHERE id = ANY($1)`, [teamIds]);
    const teamName = (teamId: string) => teamRows.find((t) => t.id === teamId)?.name || teamId;
    const person = await peopleNames(manager, [p.ownerId]);
    const otherTeams = [...new Set(matches.map((m) => m.teamId))].map(teamName);
    const title = wf('duplicate.title', { customer: p.name });
    const about = [
      {
        teamId: p.teamId,
        customerId: p.customerId,
        body: wf('duplicate.ours', { customer: p.name, owner: person(p.ownerId), teams: otherTeams }),
      },
      ...matches.map((m) => ({
        teamId: m.teamId,
        customerId: m.customerId,
        body: wf('duplicate.theirs', { team: teamName(p.teamId), customer: p.name }),
      })),
    ];
    const messages: NewNotification[] = about.flatMap((a) =>
      managersOf(a.teamId).map((recipientId) => ({
        recipientId,
        teamId: a.teamId,
        kind: 'POSSIBLE_DUPLICATE_CUSTOMER' as const,
        title,
        body: a.body,
        customerId: a.customerId,
        dedupeKey: `duplicate-${event.id}-${a.customerId}-${recipientId}`,
      })),
    );
    const created: CreatedNotification[] = [];
    for (const message of messages) {
      const notification = await this.notifications.create(manager, message);
      if (notification) created.push(notification);
    }
    return created;
  }
}
