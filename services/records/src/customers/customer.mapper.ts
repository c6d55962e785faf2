import type { ContactEntity, CustomerEntity, StageChangeEntity } from './customer.entity';
import { Customer, type Contact, type StageChange } from './customer.types';
import type { ContactRole, CustomerKind, SalesStage, SourceChannel } from '../common/enums';

/**
 * An instance of the GraphQL class, not a plain object: type-graphql hands the root of every field
 * resolver (`interactions`, `nextActions`…) through `convertToType`, which copies a plain object into a
 * new instance on each call but passes an instance through.
 */
export function toCustomer(e: CustomerEntity): Customer {
  return Object.assign(new Customer(), {
    id: e.id,
    name: e.name,
    kind: e.kind as CustomerKind,
    industryCode: e.industryCode,
    sourceChannel: e.sourceChannel as SourceChannel,
    sourceDetail: e.sourceDetail,
    firstContactDate: e.firstContactDate,
    stage: e.stage as SalesStage,
    terminationReason: e.terminationReason,
    ownerId: e.ownerId,
    teamId: e.teamId,
    remarks: e.remarks,
    archiveCode: e.archiveCode,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  });
}

export function toContact(e: ContactEntity): Contact {
  return { id: e.id, name: e.name, role: e.role as ContactRole, title: e.title, phone: e.phone, email: e.email };
}

export function toStageChange(e: StageChangeEntity): StageChange {
  return {
    from: e.fromStage as SalesStage | null,
    to: e.toStage as SalesStage,
    at: e.at,
    byUserId: e.byUserId,
    reason: e.reason,
  };
}
