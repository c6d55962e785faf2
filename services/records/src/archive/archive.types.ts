import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A frozen archive of the whole form' })
export class ArchivedRecord {
  @Field(() => ID, { description: 'The snapshot itself (one customer may be archived again after a later approval)' }) id: string;
  @Field(() => ID) customerId: string;
  @Field() archiveCode: string;
  @Field() archivedAt: Date;
  @Field(() => ID) archivedBy: string;
  @Field(() => Int, { description: 'The customer version the snapshot was taken at (after archiving)' })
  customerVersion: number;
  @Field(() => ID, { description: 'The approval this snapshot archived' }) reviewId: string;
  @Field({ description: 'The snapshot as JSON, exactly as stored' }) snapshot: string;
}

@ObjectType({ description: 'An archived snapshot as the archive list shows it: code, when and by whom (the form itself: archivedRecord)' })
export class ArchiveEntry {
  @Field(() => ID, { description: 'The snapshot (archivedRecord(id:) opens it)' }) id: string;
  @Field(() => ID) customerId: string;
  @Field() archiveCode: string;
  @Field() archivedAt: Date;
  @Field(() => ID) archivedBy: string;
  @Field(() => Int) customerVersion: number;
  @Field(() => ID, { description: 'The approval this snapshot archived' }) reviewId: string;
}
