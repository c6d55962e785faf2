import { Arg, Query, Resolver } from 'type-graphql';
import { toLocale } from '../industries/industries';
import { enumLabels } from './enum-labels';
import { EnumLabel } from './enum-label.types';

@Resolver(() => EnumLabel)
export class EnumLabelResolver {
  @Query(() => [EnumLabel], { description: 'zh-CN (default) or en labels for every enum of the API' })
  enumLabels(@Arg('locale', () => String, { nullable: true }) locale?: string | null): EnumLabel[] {
    return enumLabels(toLocale(locale));
  }
}
