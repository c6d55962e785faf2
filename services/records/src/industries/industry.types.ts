import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A GB/T 4754-2017 division (大类) with its section (门类)' })
export class Industry {
  @Field({ description: 'Division code, e.g. C34' }) code: string;
  @Field({ description: 'Section letter, e.g. C' }) section: string;
  @Field({ description: 'Section name in the requested locale' }) sectionName: string;
  @Field({ description: 'Division name in the requested locale' }) name: string;
}
