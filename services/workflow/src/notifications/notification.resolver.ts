import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { messages, readerLocale } from '../i18n/texts';
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

  @FieldResolver(() => String, { description: "The kind as people read it, in the caller's language (or `locale`)" })
  async kindLabel(
    @Root() notification: Notification,
    @Ctx() ctx: WorkflowContext,
    @Arg('locale', () => String, { nullable: true, description: "zh-CN or en; the caller's language in the directory when not given" })
    locale?: string | null,
  ): Promise<string> {
    return messages.enumLabel('NotificationKind', notification.kind, await readerLocale(ctx, locale));
  }
}
