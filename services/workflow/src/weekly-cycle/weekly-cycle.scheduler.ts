import { JOB_NAMES, type WeeklyCycleJob, type WeeklyStep } from '@salestrail/contract';
import { KEEP_JOBS, type WorkflowQueues } from '../common/queues';

export function weeklySchedulerId(step: WeeklyStep, teamId: string): string {
  return `${step}-${teamId}`;
}

/**
 * Cron patterns of a team's weekly cycle in its own time zone: the reminder at workday end − 2 h and the
 * summary at workday end, every day; a run acts only when its day is the week's deadline, the last
 * working day by the team calendar (`WeeklyCycleService`), so a Friday holiday or a make-up Saturday
 * moves the cycle without touching the schedulers.
 */
export function weeklyPatterns(workdayEnd: string): Record<WeeklyStep, string> {
  const [h, m] = workdayEnd.split(':').map(Number) as [number, number];
  const end = h * 60 + m;
  const cron = (minutes: number) => {
    const at = (minutes + 1440) % 1440;
    return `${at % 60} ${Math.floor(at / 60)} * * *`;
  };
  return { 'weekly-reminder': cron(end - 120), 'weekly-summary': cron(end) };
}

/** Keeps one BullMQ job scheduler per team and step; upserting again replaces the pattern. */
export class WeeklyCycleScheduler {
  constructor(private readonly queues: WorkflowQueues) {}

  async upsert(team: { id: string; timezone: string; workdayEnd: string }): Promise<string[]> {
    const patterns = weeklyPatterns(team.workdayEnd);
    const ids: string[] = [];
    for (const step of ['weekly-reminder', 'weekly-summary'] as const) {
      const id = weeklySchedulerId(step, team.id);
      const data: WeeklyCycleJob = { step, teamId: team.id };
      await this.queues.weeklyCycle.upsertJobScheduler(
        id,
        { pattern: patterns[step], tz: team.timezone },
        {
          name: step === 'weekly-reminder' ? JOB_NAMES.weeklyReminder : JOB_NAMES.weeklySummary,
          data,
          opts: { ...KEEP_JOBS, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
        },
      );
      ids.push(id);
    }
    return ids;
  }
}
