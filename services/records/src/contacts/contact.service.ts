import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite } from '../common/customer-write';
import { isUuid } from '../common/ids';
import { ContactEntity, type CustomerEntity } from '../customers/customer.entity';
import type { ContactInput } from '../customers/customer.inputs';
import { validateContactDetails } from './contact-validation';

export const MAX_CONTACTS = 50;

/** A customer's contacts: add, change, remove (never the last one). Each change bumps the version. */
export class ContactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(actor: Actor, customerId: string, input: ContactInput, expectedVersion?: number | null): Promise<CustomerEntity> {
    const fields = this.validate(input);
    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForWrite(manager, actor, customerId, 'CONTACTS', expectedVersion);
      const count = await manager.count(ContactEntity, { where: { customerId } });
      if (count >= MAX_CONTACTS) throw new BadInputError('contact', 'TOO_MANY', `At most ${MAX_CONTACTS} contacts`);
      const [{ max }] = (await manager.query(
        `SELECT coalesce(max(position), -1)::int AS max FROM contact WHERE customer_id = $1`,
        [customerId],
      )) as [{ max: number }];
      const contact = manager.create(ContactEntity, { customerId, ...fields, position: max + 1, createdAt: this.now() });
      await manager.insert(ContactEntity, contact);
      await this.finish(manager, actor, customer, 'contact.added', contact, count + 1);
      return customer;
    });
  }

  async update(actor: Actor, contactId: string, input: ContactInput, expectedVersion?: number | null): Promise<CustomerEntity> {
    const fields = this.validate(input);
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.find(manager, contactId);
      const customer = await lockCustomerForWrite(manager, actor, existing.customerId, 'CONTACTS', expectedVersion);
      await manager.update(ContactEntity, { id: contactId }, fields);
      const count = await manager.count(ContactEntity, { where: { customerId: customer.id } });
      await this.finish(manager, actor, customer, 'contact.updated', { ...existing, ...fields }, count);
      return customer;
    });
  }

  async remove(actor: Actor, contactId: string, expectedVersion?: number | null): Promise<CustomerEntity> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.find(manager, contactId);
      const customer = await lockCustomerForWrite(manager, actor, existing.customerId, 'CONTACTS', expectedVersion);
      const count = await manager.count(ContactEntity, { where: { customerId: customer.id } });
      if (count <= 1) throw new ConflictError('A customer keeps at least one contact', 'LAST_CONTACT');
      await manager.delete(ContactEntity, { id: contactId });
      await this.finish(manager, actor, customer, 'contact.removed', existing, count - 1);
      return customer;
    });
  }

  private validate(input: ContactInput) {
    const name = input.name.trim();
    if (!name) throw new BadInputError('contact.name', 'REQUIRED', 'Contact name is required');
    return {
      name,
      role: input.role,
      title: input.title?.trim() || null,
      ...validateContactDetails(input, 'contact.'),
    };
  }

  /** The contact, found before its customer is locked; hidden customers' contacts are NOT_FOUND too. */
  private async find(manager: EntityManager, contactId: string): Promise<ContactEntity> {
    const contact = isUuid(contactId) ? await manager.findOne(ContactEntity, { where: { id: contactId } }) : null;
    if (!contact) throw new NotFoundError('Contact', contactId);
    return contact;
  }

  private async finish(
    manager: EntityManager,
    actor: Actor,
    customer: CustomerEntity,
    type: 'contact.added' | 'contact.updated' | 'contact.removed',
    contact: { id: string; role: string },
    contactCount: number,
  ): Promise<void> {
    const now = this.now();
    await bumpCustomerVersion(manager, customer, now);
    const envelope = customerEnvelope(customer, actor, now);
    const base = { contactId: contact.id, customerId: customer.id, contactCount };
    await recordEvents(manager, [
      type === 'contact.removed'
        ? { type, ...envelope, payload: base }
        : { type, ...envelope, payload: { ...base, role: contact.role } },
    ]);
  }
}
