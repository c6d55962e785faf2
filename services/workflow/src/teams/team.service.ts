import type { DataSource } from 'typeorm';
import { BadInputError, ForbiddenError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { TeamEntity } from './team.entity';
import type { TeamInput } from './team.types';

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    /** Runs after the change committed: the team's jobs follow it (reconciliation repairs a failure). */
    private readonly afterUpsert: ((team: TeamEntity, previous: TeamEntity | null) => Promise<void>) | null = null,
  ) {}

  async upsert(actor: Actor, input: TeamInput): Promise<TeamEntity> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN manages teams');
    const timezone = input.timezone ?? 'Asia/Shanghai';
    if (!isValidTimeZone(timezone)) throw new BadInputError('timezone', 'UNKNOWN_TIME_ZONE', `Unknown time zone ${timezone}`);
    let previous: TeamEntity | null = null;
    const saved = await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(TeamEntity, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      const team = manager.create(TeamEntity, {
        id: input.id,
        name: input.name.trim(),
        managerId: input.managerId ?? null,
        assistantId: input.assistantId ?? null,
        timezone,
        workdayEnd: input.workdayEnd ?? '18:00',
        dueSoonLeadMinutes: input.dueSoonLeadMinutes ?? existing?.dueSoonLeadMinutes ?? 120,
        version: (existing?.version ?? 0) + 1,
      });
      previous = existing;
      await manager.save(TeamEntity, team);
      await recordEvents(manager, [
        {
          type: 'team.upserted',
          aggregateId: team.id,
          version: team.version,
          teamId: team.id,
          actor,
          payload: {
            teamId: team.id,
            name: team.name,
            managerId: team.managerId,
            assistantId: team.assistantId,
            timezone: team.timezone,
            workdayEnd: team.workdayEnd,
          },
        },
      ]);
      return team;
    });
    await this.afterUpsert?.(saved, previous);
    return saved;
  }

  async list(): Promise<TeamEntity[]> {
    return this.dataSource.getRepository(TeamEntity).find({ order: { id: 'ASC' } });
  }
}
