import type { WorkflowContext } from '../context';
import { toUser, type User } from './user.types';

/** A person by id through the request's loader (one query for every person a response names); null when unknown. */
export async function loadUser(ctx: WorkflowContext, id: string): Promise<User | null> {
  const row = await ctx.loaders.user.load(id);
  return row ? toUser(row) : null;
}
