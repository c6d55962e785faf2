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

/** What a team gets for a field nobody has set (API.md: time zone Asia/Shanghai, workday end 18:00). */
const TEAM_DEFAULTS = { timezone: 'Asia/Shanghai', workdayEnd: '18:00', dueSoonLeadMinutes: 120 } as const;

/**
 * One field of an upsert: omitted keeps the current value (a new team: the default); explicit null
 * clears a nullable field and puts one with a default back to it.
 */
function upserted<T>(given: T | null | undefined, current: T | undefined, fallback: T): T {
  if (given === undefined) return current === undefined ? fallback : current;
  return given ?? fallback;
}

export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    /** Runs after the change committed: the team's jobs follow it (reconciliation repairs a failure). */
    private readonly afterUpsert: ((team: TeamEntity, previous: TeamEntity | null) => Promise<void>) | null = null,
  ) {}

  async upsert(actor: Actor, input: TeamInput): Promise<TeamEntity> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN manages teams');
    if (input.timezone !== undefined && input.timezone !== null && !isValidTimeZone(input.timezone)) {
      throw new BadInputError('timezone', 'UNKNOWN_TIME_ZONE', `Unknown time zone ${input.timezone}`);
    }
    let previous: TeamEntity | null = null;
    const saved = await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(TeamEntity, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      const team = manager.create(TeamEntity, {
        id: input.id,
        name: input.name.trim(),
        managerId: upserted(input.managerId, existing?.managerId, null),
        assistantId: upserted(input.assistantId, existing?.assistantId, null),
        timezone: upserted(input.timezone, existing?.timezone, TEAM_DEFAULTS.timezone),
        workdayEnd: upserted(input.workdayEnd, existing?.workdayEnd, TEAM_DEFAULTS.workdayEnd),
        dueSoonLeadMinutes: upserted(input.dueSoonLeadMinutes, existing?.dueSoonLeadMinutes, TEAM_DEFAULTS.dueSoonLeadMinutes),
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
