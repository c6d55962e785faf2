import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';

/** At most this many identities are remembered in memory as already recorded (then the memory starts over). */
const REMEMBERED = 10_000;

/**
 * The people workflow has seen acting: who called the workflow subgraph and whose changes its events
 * carry, with their role and team as their token said. One row per (role, team, user); a process
 * writes each identity once, then remembers it. Until a directory of people exists this is how workflow
 * knows a team's after-sales people (after-sales-people.ts).
 */
export class SeenActors {
  private readonly recorded = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the identities this process has not recorded yet, in `manager`'s transaction when given.
   * Returns what marks them recorded: call it once that transaction has committed (a rolled-back one
   * leaves them to be written again).
   */
  async record(actors: readonly Actor[], manager: EntityManager | DataSource = this.dataSource): Promise<() => void> {
    const fresh = new Map<string, Actor>();
    for (const actor of actors) {
      if (actor.userId === 'system') continue;
      const key = JSON.stringify([actor.role, actor.teamId ?? '', actor.userId]);
      if (!this.recorded.has(key)) fresh.set(key, actor);
    }
    if (fresh.size === 0) return () => undefined;
    // In key order: two transactions recording overlapping people lock their rows in the same order.
    const list = [...fresh.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, actor]) => actor);
    await manager.query(
      `INSERT INTO wf_seen_actor (role, team_id, user_id, name, last_seen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
       ON CONFLICT (role, team_id, user_id) DO UPDATE SET name = EXCLUDED.name, last_seen_at = EXCLUDED.last_seen_at`,
      [
        list.map((a) => a.role),
        list.map((a) => a.teamId ?? ''),
        list.map((a) => a.userId),
        list.map((a) => a.name ?? null),
        list.map(() => this.clock.now()),
      ],
    );
    return () => {
      if (this.recorded.size + fresh.size > REMEMBERED) this.recorded.clear();
      for (const key of fresh.keys()) this.recorded.add(key);
    };
  }

  /** Records the caller of a request (outside any transaction). */
  async recordCaller(actor: Actor): Promise<void> {
    (await this.record([actor]))();
  }
}
