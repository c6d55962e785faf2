import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The label of one enum value in one locale' })
export class EnumLabel {
  @Field({ description: 'Enum name, e.g. SalesStage' }) enum: string;
  @Field() value: string;
  @Field() label: string;
}
