import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { INDUSTRY_LEVELS, type IndustryLevel } from './industries';

export const IndustryLevelEnum = Object.fromEntries(INDUSTRY_LEVELS.map((l) => [l, l])) as { [K in IndustryLevel]: K };
registerEnumType(IndustryLevelEnum, {
  name: 'IndustryLevel',
  description: 'GB/T 4754-2017 levels: SECTION 门类, DIVISION 大类, GROUP 中类, CLASS 小类',
});

@ObjectType({ description: 'An entry of GB/T 4754-2017 at any of its four levels, with its ancestors' })
export class Industry {
  @Field({ description: 'Section letter and the standard digits: C, C36, C361, C3612' }) code: string;
  @Field({ description: 'Section letter, e.g. C' }) section: string;
  @Field({ description: 'Section name in the requested locale' }) sectionName: string;
  @Field({ description: 'Name of this entry in the requested locale (groups and classes: the Chinese name)' }) name: string;
  @Field(() => IndustryLevelEnum) level: IndustryLevel;
  @Field(() => String, { nullable: true, description: 'The entry one level up; null for a section' }) parentCode: string | null;
  @Field(() => String, { nullable: true, description: 'The division (大类) this entry is in or is; null for a section' })
  divisionCode: string | null;
  @Field(() => [String], { description: 'Codes from the section down to this entry' }) pathCodes: string[];
  @Field(() => [String], { description: 'Names from the section down to this entry, e.g. 制造业 › 汽车制造业 › 汽车整车制造 › 新能源车整车制造' })
  pathNames: string[];
  @Field({ description: 'Whether entries lie below (a cascader can stop here when not)' }) hasChildren: boolean;
}
