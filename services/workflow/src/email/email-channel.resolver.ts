import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { EMAIL_NOTIFICATION_DEFAULT_PAGE } from './email-channel.service';
import { EmailChannel, EmailNotification, EmailState, toEmailChannel, toEmailNotification } from './email-channel.types';

@Resolver()
export class EmailChannelResolver {
  @Query(() => EmailChannel, { description: 'The e-mail channel: configured or not, and its counts of the last 7 days (ADMIN)' })
  async emailChannel(@Ctx() ctx: WorkflowContext): Promise<EmailChannel> {
    const view = await ctx.services.emailChannel.channel(ctx.actor);
    return toEmailChannel(view, view.since, view.counts);
  }

  @Query(() => [EmailNotification], { description: 'Notifications of the last 7 days with their e-mail state, newest first (ADMIN)' })
  async emailNotifications(
    @Ctx() ctx: WorkflowContext,
    @Arg('state', () => EmailState, { nullable: true }) state?: EmailState | null,
    @Arg('first', () => Int, { nullable: true, description: `Default ${EMAIL_NOTIFICATION_DEFAULT_PAGE}, at most 100` }) first?: number | null,
    @Arg('offset', () => Int, { nullable: true, description: 'Entries to skip (paging: 0, first, 2 × first, …)' }) offset?: number | null,
  ): Promise<EmailNotification[]> {
    const rows = await ctx.services.emailChannel.notifications(ctx.actor, state ?? null, first ?? EMAIL_NOTIFICATION_DEFAULT_PAGE, offset ?? 0);
    return rows.map(toEmailNotification);
  }

  @Mutation(() => EmailNotification, {
    description: 'Queues the e-mail of a notification not yet e-mailed again (ADMIN); it is still mailed at most once',
  })
  async resendEmail(@Arg('notificationId', () => ID) notificationId: string, @Ctx() ctx: WorkflowContext): Promise<EmailNotification> {
    return toEmailNotification(await ctx.services.emailChannel.resend(ctx.actor, notificationId));
  }
}
