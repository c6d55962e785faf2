import { createDataSource } from '@salestrail/platform';
import { CustomerArchiveEntity, CustomerReviewEntity } from './archive/archive.entity';
import { ContactEntity, CustomerEntity, StageChangeEntity } from './customers/customer.entity';
import { DirectoryUserEntity } from './directory/directory-user.entity';
import { HandOverEntity } from './hand-overs/hand-over.entity';
import { InteractionEntity } from './interactions/interaction.entity';
import { NeedEntity, NeedRevisionEntity, PainPointEntity, PainPointRevisionEntity } from './needs/need.entity';
import { NextActionEntity } from './next-actions/next-action.entity';
import { CustomerTransferEntity } from './transfers/customer-transfer.entity';
import { recordsMigrations } from './migrations';

export const recordsEntities = [
  CustomerEntity,
  ContactEntity,
  StageChangeEntity,
  InteractionEntity,
  NextActionEntity,
  NeedEntity,
  NeedRevisionEntity,
  PainPointEntity,
  PainPointRevisionEntity,
  CustomerTransferEntity,
  CustomerReviewEntity,
  CustomerArchiveEntity,
  DirectoryUserEntity,
  HandOverEntity,
];

export function createRecordsDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: recordsEntities,
    migrations: recordsMigrations,
    poolSize,
    applicationName: 'salestrail-records',
  });
}
