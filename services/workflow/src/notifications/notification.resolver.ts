import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { Notification, toNotification } from './notification.types';

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => [Notification], { description: "The caller's notifications, newest first" })
  async notifications(
    @Arg('unreadOnly', () => Boolean, { nullable: true }) unreadOnly: boolean | null,
    @Ctx() ctx: WorkflowContext,
  ): Promise<Notification[]> {
    return (await ctx.services.notifications.list(ctx.actor, unreadOnly ?? false)).map(toNotification);
  }

  @Mutation(() => [Notification], { description: "Marks the caller's notifications read; returns them" })
  async markNotificationsRead(
    @Arg('ids', () => [ID], { validate: false }) ids: string[],
    @Ctx() ctx: WorkflowContext,
  ): Promise<Notification[]> {
    return (await ctx.services.notifications.markRead(ctx.actor, ids)).map(toNotification);
  }
}
