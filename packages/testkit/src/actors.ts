import type { Actor, Role } from '@salestrail/contract';

let counter = 0;
/** A team id no other test uses (tests isolate themselves by team rather than wiping tables). */
export function uniqueTeam(prefix = 'team'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** An acting identity as the gateway would forward it. */
export function actorOf(role: Role, userId: string, teamId: string | null): Actor {
  return { userId, role, teamId, name: userId };
}
