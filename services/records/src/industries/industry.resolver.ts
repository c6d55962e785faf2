import { Arg, Query, Resolver } from 'type-graphql';
import { listIndustries, toLocale, type IndustryLevel } from './industries';
import { Industry, IndustryLevelEnum } from './industry.types';

@Resolver(() => Industry)
export class IndustryResolver {
  @Query(() => [Industry], {
    description:
      'GB/T 4754-2017 entries in the standard’s order: the divisions (大类) by default; the children of `parent`; ' +
      'the entries at `level`; or those whose code or name contains `search` (arguments combine)',
  })
  industries(
    @Arg('locale', () => String, { nullable: true, description: 'zh-CN (default) or en' }) locale?: string | null,
    @Arg('level', () => IndustryLevelEnum, { nullable: true }) level?: IndustryLevel | null,
    @Arg('parent', () => String, { nullable: true, description: 'A code, e.g. C36: what lies under it' }) parent?: string | null,
    @Arg('search', () => String, { nullable: true, description: 'Part of a code or a name' }) search?: string | null,
  ): Industry[] {
    return listIndustries({ level, parent, search }, toLocale(locale));
  }
}
