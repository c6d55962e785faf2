import { Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { WorkflowContext } from '../context';

@ObjectType({ description: 'What a reconciliation pass (re-)created in BullMQ from the workflow database' })
export class ReconcileReport {
  @Field(() => Int, { description: 'Team Friday schedulers upserted' }) teamSchedulers: number;
  @Field(() => Int, { description: 'Reminder jobs added (an existing job id is left as it is)' }) reminderJobs: number;
  @Field(() => Int, { description: 'Reviews whose routing was queued again' }) routingJobs: number;
  @Field(() => Int, { description: 'Pending webhook deliveries queued again' }) webhookDeliveries: number;
  @Field() ranAt: Date;
}

@Resolver()
export class ReconciliationResolver {
  @Mutation(() => ReconcileReport, { description: 'Re-creates every job that should exist (ADMIN; also runs at start-up)' })
  reconcileJobs(@Ctx() ctx: WorkflowContext): Promise<ReconcileReport> {
    return ctx.services.reconciliation.reconcileAs(ctx.actor);
  }
}
