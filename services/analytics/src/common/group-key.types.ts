import { Field, ID, ObjectType } from 'type-graphql';
import { SourceChannel } from './enums';

@ObjectType({ description: 'The dimensions a group stands for; null for dimensions not grouped by' })
export class AnalyticsGroupKey {
  @Field(() => ID, { nullable: true }) ownerId: string | null;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field(() => String, { nullable: true }) industryCode: string | null;
  @Field(() => SourceChannel, { nullable: true }) sourceChannel: SourceChannel | null;
}
