import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { messages, readerLocale } from '../i18n/texts';
import { Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookInput, toWebhook, toWebhookDelivery } from './webhook.types';

@Resolver()
export class WebhookResolver {
  @Mutation(() => Webhook, { description: "Creates or updates a team's outbound webhook (ADMIN)" })
  async upsertWebhook(@Arg('input', () => WebhookInput) input: WebhookInput, @Ctx() ctx: WorkflowContext): Promise<Webhook> {
    return toWebhook(await ctx.services.webhooks.upsert(ctx.actor, input));
  }

  @Query(() => [Webhook], { description: "Every team's outbound webhook, by team (ADMIN)" })
  async webhooks(@Ctx() ctx: WorkflowContext): Promise<Webhook[]> {
    return (await ctx.services.webhooks.list(ctx.actor)).map(toWebhook);
  }

  @Query(() => [WebhookDelivery], { description: 'Webhook deliveries, newest first (ADMIN)' })
  async webhookDeliveries(
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true }) status: WebhookDeliveryStatus | null,
    @Ctx() ctx: WorkflowContext,
    @Arg('webhookId', () => ID, { nullable: true, description: 'Only this webhook’s deliveries' }) webhookId?: string | null,
  ): Promise<WebhookDelivery[]> {
    return (await ctx.services.webhooks.deliveries(ctx.actor, status, webhookId ?? null)).map(toWebhookDelivery);
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a FAILED delivery again (ADMIN)' })
  async replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: WorkflowContext): Promise<WebhookDelivery> {
    return toWebhookDelivery(await ctx.services.webhooks.replay(ctx.actor, id));
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => String, { description: "The status as people read it, in the caller's language (or `locale`)" })
  async statusLabel(
    @Root() delivery: WebhookDelivery,
    @Ctx() ctx: WorkflowContext,
    @Arg('locale', () => String, { nullable: true, description: "zh-CN or en; the caller's language in the directory when not given" })
    locale?: string | null,
  ): Promise<string> {
    return messages.enumLabel('WebhookDeliveryStatus', delivery.status, await readerLocale(ctx, locale));
  }
}
