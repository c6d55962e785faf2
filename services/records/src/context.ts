import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { BaseContext } from '@salestrail/platform';
import { AccessLogService } from './access-log/access-log.service';
import { ArchiveService } from './archive/archive.service';
import { ContactService } from './contacts/contact.service';
import type { ContactEntity, CustomerEntity, StageChangeEntity } from './customers/customer.entity';
import { CustomerService } from './customers/customer.service';
import type { InteractionEntity } from './interactions/interaction.entity';
import { InteractionService } from './interactions/interaction.service';
import type { NeedEntity, NeedRevisionEntity, PainPointEntity, PainPointRevisionEntity } from './needs/need.entity';
import { NeedService } from './needs/need.service';
import type { NextActionEntity } from './next-actions/next-action.entity';
import { NextActionService } from './next-actions/next-action.service';
import { StageService } from './stages/stage.service';
import type { CustomerTransferEntity } from './transfers/customer-transfer.entity';
import { TransferService } from './transfers/transfer.service';

export interface RecordsServices {
  customers: CustomerService;
  contacts: ContactService;
  stages: StageService;
  interactions: InteractionService;
  nextActions: NextActionService;
  needs: NeedService;
  transfers: TransferService;
  archive: ArchiveService;
  accessLog: AccessLogService;
}

export function createRecordsServices(dataSource: DataSource, now: () => Date = () => new Date()): RecordsServices {
  const accessLog = new AccessLogService(dataSource);
  return {
    accessLog,
    customers: new CustomerService(dataSource, now, accessLog),
    contacts: new ContactService(dataSource, now),
    stages: new StageService(dataSource, now),
    interactions: new InteractionService(dataSource, now),
    nextActions: new NextActionService(dataSource, now),
    needs: new NeedService(dataSource, now),
    transfers: new TransferService(dataSource, now, accessLog),
    archive: new ArchiveService(dataSource, now, accessLog),
  };
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

type InteractionPage = { rows: InteractionEntity[]; hasNextPage: boolean; totalCount: number };

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
    /** Keyed by `{customerId, first, after}`; customers asking for the same page share one query. */
    interactions: new DataLoader<{ customerId: string; first: number; after: string | null }, InteractionPage, string>(
      async (keys) => {
        const groups = new Map<string, string[]>();
        for (const k of keys) {
          const g = JSON.stringify([k.first, k.after]);
          groups.set(g, [...(groups.get(g) ?? []), k.customerId]);
        }
        const pages = new Map<string, InteractionPage>();
        for (const [g, customerIds] of groups) {
          const [first, after] = JSON.parse(g) as [number, string | null];
          const result = await services.interactions.pageOf(customerIds, first, after);
          for (const [customerId, page] of result) pages.set(JSON.stringify([customerId, first, after]), page);
        }
        return keys.map(
          (k) => pages.get(JSON.stringify([k.customerId, k.first, k.after])) ?? { rows: [], hasNextPage: false, totalCount: 0 },
        );
      },
      { cacheKeyFn: (k) => JSON.stringify([k.customerId, k.first, k.after]) },
    ),
    nextActionsOf: new DataLoader<string, NextActionEntity[]>(async (ids) =>
      groupBy(await services.nextActions.ofCustomers(ids), (r) => r.customerId, ids),
    ),
    nextAction: new DataLoader<string, NextActionEntity | null>(async (ids) => {
      const rows = await services.nextActions.byIds(ids);
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
    needs: new DataLoader<string, NeedEntity[]>(async (ids) =>
      groupBy(await services.needs.activeNeedsOf(ids), (r) => r.customerId, ids),
    ),
    painPoints: new DataLoader<string, PainPointEntity[]>(async (ids) =>
      groupBy(await services.needs.activePainPointsOf(ids), (r) => r.customerId, ids),
    ),
    needHistory: new DataLoader<string, NeedRevisionEntity[]>(async (ids) =>
      groupBy(await services.needs.needHistoryOf(ids), (r) => r.needId, ids),
    ),
    painPointHistory: new DataLoader<string, PainPointRevisionEntity[]>(async (ids) =>
      groupBy(await services.needs.painPointHistoryOf(ids), (r) => r.painPointId, ids),
    ),
    transfers: new DataLoader<string, CustomerTransferEntity[]>(async (ids) =>
      groupBy(await services.transfers.historyOf(ids), (r) => r.customerId, ids),
    ),
  };
}
