import { Arg, Query, Resolver } from 'type-graphql';
import { listIndustries, type Locale } from './industries';
import { Industry } from './industry.types';

@Resolver(() => Industry)
export class IndustryResolver {
  @Query(() => [Industry], { description: 'GB/T 4754-2017 divisions with their sections' })
  industries(@Arg('locale', () => String, { nullable: true, defaultValue: 'zh-CN' }) locale: string): Industry[] {
    return listIndustries(locale === 'en' ? 'en' : ('zh-CN' as Locale));
  }
}
