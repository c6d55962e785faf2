import { Arg, Query, Resolver } from 'type-graphql';
import { listIndustries, toLocale } from './industries';
import { Industry } from './industry.types';

@Resolver(() => Industry)
export class IndustryResolver {
  @Query(() => [Industry], { description: 'GB/T 4754-2017 divisions (大类) with their sections (门类)' })
  industries(@Arg('locale', () => String, { nullable: true, description: 'zh-CN (default) or en' }) locale?: string | null): Industry[] {
    return listIndustries(toLocale(locale));
  }
}
