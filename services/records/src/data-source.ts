import { createDataSource } from '@salestrail/platform';
import { ContactEntity, CustomerEntity, StageChangeEntity } from './customers/customer.entity';
import { recordsMigrations } from './migrations';

export const recordsEntities = [CustomerEntity, ContactEntity, StageChangeEntity];

export function createRecordsDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: recordsEntities,
    migrations: recordsMigrations,
    poolSize,
    applicationName: 'salestrail-records',
  });
}
