import DataLoader from 'dataloader';
import type { BaseContext } from '@salestrail/platform';
import type { CustomerService } from './customers/customer.service';
import type { ContactEntity, CustomerEntity, StageChangeEntity } from './customers/customer.entity';

export interface RecordsServices {
  customers: CustomerService;
}

export interface RecordsContext extends BaseContext {
  services: RecordsServices;
  loaders: ReturnType<typeof createLoaders>;
}

function groupBy<T>(rows: T[], key: (row: T) => string, ids: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return ids.map((id) => map.get(id) ?? []);
}

/** Per-request batching: nested lists and entity references load in one query per kind. */
export function createLoaders(base: BaseContext, services: RecordsServices) {
  return {
    customer: new DataLoader<string, CustomerEntity | null>(async (ids) => {
      const rows = await services.customers.findVisible(base.actor, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    contacts: new DataLoader<string, ContactEntity[]>(async (ids) =>
      groupBy(await services.customers.contactsOf(ids), (r) => r.customerId, ids),
    ),
    stageHistory: new DataLoader<string, StageChangeEntity[]>(async (ids) =>
      groupBy(await services.customers.stageHistoryOf(ids), (r) => r.customerId, ids),
    ),
  };
}
