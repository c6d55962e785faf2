import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarDayKindValue } from './working-days';

/** A date on which a team's week differs from Monday–Friday: a holiday, or a make-up working day (调休). */
@Entity('team_calendar_day')
export class TeamCalendarDayEntity {
  @PrimaryColumn('text', { name: 'team_id' }) teamId: string;
  /** `YYYY-MM-DD` in the team's own time zone. */
  @PrimaryColumn('date') day: string;
  @Column('text') kind: CalendarDayKindValue;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { name: 'updated_by' }) updatedBy: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
