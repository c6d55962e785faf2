import { Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { figuresScope } from '../common/scope';
import type { AnalyticsContext } from '../context';
import { CustomerFigures, type CustomerFiguresRef } from './customer-figures.types';

/** Each figure asks the scope rule first: AFTER_SALES gets null and FORBIDDEN on every one of them. */
function figure<K extends keyof Omit<CustomerFigures, 'id'>>(root: CustomerFiguresRef, ctx: AnalyticsContext, key: K): CustomerFigures[K] {
  figuresScope(ctx.actor, 0);
  return 'withheld' in root ? null : root[key];
}

@Resolver(() => CustomerFigures)
export class CustomerFiguresResolver {
  @FieldResolver(() => Float, { nullable: true })
  daysInCurrentStage(@Root() root: CustomerFiguresRef, @Ctx() ctx: AnalyticsContext): number | null {
    return figure(root, ctx, 'daysInCurrentStage');
  }

  @FieldResolver(() => Int, { nullable: true })
  interactionCount(@Root() root: CustomerFiguresRef, @Ctx() ctx: AnalyticsContext): number | null {
    return figure(root, ctx, 'interactionCount');
  }

  @FieldResolver(() => Date, { nullable: true })
  lastInteractionAt(@Root() root: CustomerFiguresRef, @Ctx() ctx: AnalyticsContext): Date | null {
    return figure(root, ctx, 'lastInteractionAt');
  }

  @FieldResolver(() => Int, { nullable: true })
  openNextActions(@Root() root: CustomerFiguresRef, @Ctx() ctx: AnalyticsContext): number | null {
    return figure(root, ctx, 'openNextActions');
  }

  @FieldResolver(() => Int, { nullable: true })
  overdueNextActions(@Root() root: CustomerFiguresRef, @Ctx() ctx: AnalyticsContext): number | null {
    return figure(root, ctx, 'overdueNextActions');
  }
}
