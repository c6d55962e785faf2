import { buildFederatedSchema } from '@salestrail/platform';
import { AccessLogResolver } from './access-log/access-log.resolver';
import { ArchiveEntryResolver, ArchiveResolver } from './archive/archive.resolver';
import { rejectNulCharacters } from './common/reject-nul';
import { ContactResolver } from './contacts/contact.resolver';
import type { RecordsContext } from './context';
import { toCustomer } from './customers/customer.mapper';
import { CustomerResolver } from './customers/customer.resolver';
import { CustomerPeopleResolver, InteractionPeopleResolver, NextActionPeopleResolver } from './directory/people.resolver';
import { CustomerDuplicatesResolver, PossibleDuplicateResolver, SimilarCustomersResolver } from './duplicates/duplicates.resolver';
import { IndustryResolver } from './industries/industry.resolver';
import { InteractionResolver } from './interactions/interaction.resolver';
import { EnumLabelResolver } from './labels/enum-label.resolver';
import { NeedResolver, PainPointResolver } from './needs/need.resolver';
import { NextActionResolver } from './next-actions/next-action.resolver';
import { StageResolver } from './stages/stage.resolver';
import { CustomerOwnershipResolver, OwnershipResolver } from './transfers/ownership.resolver';
import { TransferResolver } from './transfers/transfer.resolver';

export async function buildRecordsSchema() {
  const schema = await buildFederatedSchema({
    resolvers: [
      CustomerResolver,
      ContactResolver,
      InteractionResolver,
      NeedResolver,
      PainPointResolver,
      NextActionResolver,
      StageResolver,
      TransferResolver,
      ArchiveResolver,
      ArchiveEntryResolver,
      IndustryResolver,
      EnumLabelResolver,
      AccessLogResolver,
      CustomerPeopleResolver,
      NextActionPeopleResolver,
      InteractionPeopleResolver,
      CustomerOwnershipResolver,
      OwnershipResolver,
      CustomerDuplicatesResolver,
      PossibleDuplicateResolver,
      SimilarCustomersResolver,
    ],
    referenceResolvers: {
      Customer: {
        // Batched: the gateway sends many representations at once; one query loads them all.
        async __resolveReference(ref: { id: string }, ctx: RecordsContext) {
          const row = await ctx.loaders.customer.load(ref.id);
          return row ? toCustomer(row) : null;
        },
      },
    },
  });
  return rejectNulCharacters(schema);
}
