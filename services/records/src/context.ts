import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { BaseContext } from '@salestrail/platform';
import { AccessLogService } from './access-log/access-log.service';
import { ArchiveService } from './archive/archive.service';
import { RecordChangesService } from './changes/record-changes.service';
import { ContactService } from './contacts/contact.service';
import type { ContactEntity, CustomerEntity, StageChangeEntity } from './customers/customer.entity';
import { CustomerService } from './customers/customer.service';
import { DuplicateService, type PossibleDuplicateView } from './duplicates/duplicates.service';
import type { InteractionEntity } from './interactions/interaction.entity';
import { InteractionService } from './interactions/interaction.service';
import type { NeedEntity, NeedRevisionEntity, PainPointEntity, PainPointRevisionEntity } from './needs/need.entity';
import { NeedService } from './needs/need.service';
import type { NextActionStatus } from './common/enums';
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
  duplicates: DuplicateService;
  changes: RecordChangesService;
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
    duplicates: new DuplicateService(dataSource),
    changes: new RecordChangesService(dataSource),
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
type InteractionPageKey = { customerId: string; first: number; after: string | null; withCount: boolean };

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
    /**
     * Keyed by `{customerId, first, after, withCount}`; customers asking for the same page share one
     * query (and one count query, only when some of them select `totalCount`).
     */
    interactions: new DataLoader<InteractionPageKey, InteractionPage, string>(
      async (keys) => {
        const groups = new Map<string, { first: number; after: string | null; withCount: boolean; customerIds: string[] }>();
        for (const k of keys) {
          const g = JSON.stringify([k.first, k.after]);
          const group = groups.get(g) ?? { first: k.first, after: k.after, withCount: false, customerIds: [] };
          group.customerIds.push(k.customerId);
          group.withCount ||= k.withCount;
          groups.set(g, group);
        }
        const pages = new Map<string, InteractionPage>();
        for (const [g, { first, after, withCount, customerIds }] of groups) {
          const result = await services.interactions.pageOf(customerIds, first, after, withCount);
          for (const [customerId, page] of result) pages.set(`${customerId}|${g}`, page);
        }
        return keys.map(
          (k) => pages.get(`${k.customerId}|${JSON.stringify([k.first, k.after])}`) ?? { rows: [], hasNextPage: false, totalCount: 0 },
        );
      },
      { cacheKeyFn: (k) => JSON.stringify([k.customerId, k.first, k.after, k.withCount]) },
    ),
    nextActionsOf: new DataLoader<string, NextActionEntity[]>(async (ids) =>
      groupBy(await services.nextActions.ofCustomers(ids), (r) => r.customerId, ids),
    ),
    /** Next actions in one status, filtered in SQL; keyed by `{customerId, status}`. */
    nextActionsWithStatus: new DataLoader<{ customerId: string; status: NextActionStatus }, NextActionEntity[], string>(
      async (keys) => {
        const byStatus = new Map<NextActionStatus, string[]>();
        for (const k of keys) byStatus.set(k.status, [...(byStatus.get(k.status) ?? []), k.customerId]);
        const found = new Map<string, NextActionEntity[]>();
        for (const [status, ids] of byStatus) {
          const rows = await services.nextActions.ofCustomers(ids, status);
          groupBy(rows, (r) => r.customerId, ids).forEach((list, i) => found.set(`${status}|${ids[i]}`, list));
        }
        return keys.map((k) => found.get(`${k.status}|${k.customerId}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.status}|${k.customerId}` },
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
    possibleDuplicates: new DataLoader<string, PossibleDuplicateView[]>(async (ids) => {
      const found = await services.duplicates.possibleDuplicatesOf(base.actor, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    transfers: new DataLoader<string, CustomerTransferEntity[]>(async (ids) =>
      groupBy(await services.transfers.historyOf(ids), (r) => r.customerId, ids),
    ),
  };
}
