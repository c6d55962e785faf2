import { z } from 'zod';

/** Roles of API.md. The order is not meaningful. */
export const ROLES = ['SALES_REP', 'SALES_MANAGER', 'TEAM_ASSISTANT', 'MARKETING', 'AFTER_SALES', 'ADMIN'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** The acting identity: who did something. Carried by requests, events and queue jobs alike. */
export const ActorSchema = z.object({
  userId: z.string().min(1).max(128),
  name: z.string().max(200).optional(),
  role: RoleSchema,
  teamId: z.string().max(128).nullable(),
  /** The verified e-mail claim, when the token has one (the directory fills a new person's address from it). */
  email: z.email().max(254).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

/** The identity the system itself acts under (relay, schedulers, reconciliation). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', name: 'SalesTrail', role: 'ADMIN', teamId: null };

/** Roles that act within one team (their `team` claim): they see and list that team's people. */
export const TEAM_ROLES: readonly Role[] = ['SALES_REP', 'SALES_MANAGER', 'TEAM_ASSISTANT'];

/**
 * Who may own what (the directory's rule, applied by records to every owner a caller names and by
 * workflow to a hand-over's successor): customers belong to salespeople; a next action may also be
 * given to the team's assistant or to after-sales. MARKETING and ADMIN own neither.
 */
export const CUSTOMER_OWNER_ROLES: readonly Role[] = ['SALES_REP', 'SALES_MANAGER'];
export const NEXT_ACTION_OWNER_ROLES: readonly Role[] = ['SALES_REP', 'SALES_MANAGER', 'TEAM_ASSISTANT', 'AFTER_SALES'];
