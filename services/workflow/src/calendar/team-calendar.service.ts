import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ForbiddenError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import { TeamEntity } from '../teams/team.entity';
import { TeamCalendarDayEntity } from './team-calendar.entity';
import { addDays, lastWorkingDay, localDate, mondayOf, zonedInstant, type CalendarDayKindValue } from './working-days';

/** The most days one `setTeamCalendarDays` or `teamCalendar` covers (a year). */
export const MAX_CALENDAR_DAYS = 366;

export interface CalendarDayChange {
  date: string;
  kind: CalendarDayKindValue;
  name?: string | null;
}

/** A team's exceptions between two dates (inclusive), by date. */
export async function calendarExceptions(
  manager: EntityManager,
  teamId: string,
  from: string,
  to: string,
): Promise<Map<string, CalendarDayKindValue>> {
  const rows: Array<{ day: string; kind: CalendarDayKindValue }> = await manager.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM team_calendar_day WHERE team_id = $1 AND day BETWEEN $2 AND $3`,
    [teamId, from, to],
  );
  return new Map(rows.map((r) => [r.day, r.kind]));
}

/** The last working day of the team's week holding `date` (`YYYY-MM-DD`), or null when the week is off. */
export async function weeklyDeadlineDay(manager: EntityManager, teamId: string, date: string): Promise<string | null> {
  const monday = mondayOf(date);
  return lastWorkingDay(date, await calendarExceptions(manager, teamId, monday, addDays(monday, 6)));
}

/**
 * The team calendar (ADMIN keeps it): holidays and make-up working days per team, from which the
 * weekly cycle takes its deadline, the last working day of the team's week at its workday end.
 */
export class TeamCalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async setDays(actor: Actor, teamId: string, days: CalendarDayChange[]): Promise<TeamCalendarDayEntity[]> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN keeps the team calendar');
    if (days.length === 0) throw new BadInputError('days', 'REQUIRED', 'Give at least one day');
    if (days.length > MAX_CALENDAR_DAYS) throw new BadInputError('days', 'TOO_MANY', `At most ${MAX_CALENDAR_DAYS} days at once`);
    const seen = new Set<string>();
    const rows = days.map((d, i) => {
      if (seen.has(d.date)) throw new BadInputError(`days.${i}.date`, 'DUPLICATE_DATE', `${d.date} is given twice`);
      seen.add(d.date);
      const name = d.name?.trim() || null;
      if (name && name.length > 100) throw new BadInputError(`days.${i}.name`, 'TOO_LONG', 'A day name holds at most 100 characters');
      if (name?.includes('\u0000')) throw new BadInputError(`days.${i}.name`, 'INVALID_CHARACTER', 'The name contains U+0000');
      return { date: d.date, kind: d.kind, name };
    });
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      await this.assertTeam(manager, teamId);
      await manager.query(
        `INSERT INTO team_calendar_day (team_id, day, kind, name, updated_by, updated_at)
         SELECT $1, d.day, d.kind, d.name, $5, $6 FROM unnest($2::date[], $3::text[], $4::text[]) AS d(day, kind, name)
         ON CONFLICT (team_id, day) DO UPDATE SET kind = excluded.kind, name = excluded.name, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [teamId, rows.map((r) => r.date), rows.map((r) => r.kind), rows.map((r) => r.name), actor.userId, now],
      );
      const stored = await manager.find(TeamCalendarDayEntity, { where: rows.map((r) => ({ teamId, day: r.date })), order: { day: 'ASC' } });
      return stored;
    });
  }

  /** Removes days from the calendar (they follow Monday–Friday again); answers how many there were. */
  async removeDays(actor: Actor, teamId: string, dates: string[]): Promise<number> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN keeps the team calendar');
    if (dates.length > MAX_CALENDAR_DAYS) throw new BadInputError('dates', 'TOO_MANY', `At most ${MAX_CALENDAR_DAYS} days at once`);
    return this.dataSource.transaction(async (manager) => {
      await this.assertTeam(manager, teamId);
      const [{ removed }] = (await manager.query(
        `WITH d AS (DELETE FROM team_calendar_day WHERE team_id = $1 AND day = ANY($2::date[]) RETURNING day) SELECT count(*)::int AS removed FROM d`,
        [teamId, dates],
      )) as [{ removed: number }];
      return removed;
    });
  }

  /** The team's holidays and make-up working days from `from` to `to` (inclusive, at most a year). */
  async days(teamId: string, from: string, to: string): Promise<TeamCalendarDayEntity[]> {
    if (to < from) throw new BadInputError('to', 'OUT_OF_RANGE', 'to is before from');
    if (to > addDays(from, MAX_CALENDAR_DAYS - 1)) throw new BadInputError('to', 'OUT_OF_RANGE', `At most ${MAX_CALENDAR_DAYS} days`);
    return this.dataSource
      .getRepository(TeamCalendarDayEntity)
      .createQueryBuilder('d')
      .where('d.team_id = :teamId AND d.day BETWEEN :from AND :to', { teamId, from, to })
      .orderBy('d.day', 'ASC')
      .getMany();
  }

  /**
   * The weekly deadline of the week holding `date` (default: today in the team's time zone): the last
   * working day at the team's workday end. Null for a week without a working day.
   */
  async weeklyDeadline(team: Pick<TeamEntity, 'id' | 'timezone' | 'workdayEnd'>, date: string | null | undefined): Promise<Date | null> {
    const day = await weeklyDeadlineDay(this.dataSource.manager, team.id, date ?? localDate(this.clock.now(), team.timezone));
    return day ? zonedInstant(day, team.workdayEnd, team.timezone) : null;
  }

  private async assertTeam(manager: EntityManager, teamId: string): Promise<void> {
    const team = await manager.findOne(TeamEntity, { where: { id: teamId }, lock: { mode: 'pessimistic_read' } });
    if (!team) throw new BadInputError('teamId', 'UNKNOWN_TEAM', `No team ${teamId}: create it with upsertTeam first`);
  }
}
