import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A frozen archive of the whole form' })
export class ArchivedRecord {
  @Field() archiveCode: string;
  @Field() archivedAt: Date;
  @Field(() => ID) archivedBy: string;
  @Field(() => Int, { description: 'The customer version the snapshot was taken at (after archiving)' })
  customerVersion: number;
  @Field(() => ID, { description: 'The approval this snapshot archived' }) reviewId: string;
  @Field({ description: 'The snapshot as JSON, exactly as stored' }) snapshot: string;
}
