import type { DataSource } from 'typeorm';
import { BadInputError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { canReadCustomer, canSeeDuplicateTeams, positionalReadScope } from '../common/access';
import { CUSTOMER_COLUMNS, type CustomerEntity } from '../customers/customer.entity';
import { normalizeCustomerName } from '../customers/normalize-name';
import { crossTeamMatchesOf, similarNameElsewhere, similarNames } from './duplicates.repository';

/** What a caller sees of one possible duplicate: the other team and customer only as far as allowed. */
export interface PossibleDuplicateView {
  teamId: string | null;
  customerId: string | null;
}

export const MAX_SIMILAR = 20;
/**
 * Shorter folded names match a good part of all customers (two characters are mostly a city: 广州, 上海)
 * and give the trigram index nothing to narrow: nothing is offered for them.
 */
const MIN_FOLDED_LENGTH = 3;

/**
 * Duplicates across teams (撞单) and similar names. A customer whose folded name matches one of another
 * team is created all the same (records tells both managers, through workflow); the record shows its
 * matches, and `similarCustomers` offers existing names while a name is typed, before a near-duplicate
 * is made.
 */
export class DuplicateService {
  constructor(private readonly dataSource: DataSource) {}

  /** The possible duplicates of customers the caller reads, per customer id. */
  async possibleDuplicatesOf(actor: Actor, customerIds: readonly string[]): Promise<Map<string, PossibleDuplicateView[]>> {
    const byCustomer = new Map<string, PossibleDuplicateView[]>();
    for (const m of await crossTeamMatchesOf(this.dataSource, customerIds)) {
      const view: PossibleDuplicateView = {
        teamId: canSeeDuplicateTeams(actor) ? m.teamId : null,
        customerId: canReadCustomer(actor, m) ? m.customerId : null,
      };
      byCustomer.set(m.of, [...(byCustomer.get(m.of) ?? []), view]);
    }
    return byCustomer;
  }

  /**
   * Customers the caller may read whose name is like `name` (folded as duplicates are: width, case,
   * spaces, company suffixes), most similar first, and whether a team other than the caller's has one.
   */
  async similar(
    actor: Actor,
    name: string,
    first = 10,
  ): Promise<{ customers: Array<{ customer: CustomerEntity; similarity: number }>; inOtherTeams: boolean }> {
    if (name.length > 200) throw new BadInputError('name', 'TOO_LONG', 'A name holds at most 200 characters');
    if (!Number.isInteger(first) || first < 1 || first > MAX_SIMILAR) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 1 and ${MAX_SIMILAR}`);
    }
    const folded = normalizeCustomerName(name);
    if (folded.length < MIN_FOLDED_LENGTH) return { customers: [], inOtherTeams: false };
    const [rows, inOtherTeams] = await Promise.all([
      similarNames<CustomerEntity>(this.dataSource, folded, first, CUSTOMER_COLUMNS, positionalReadScope(actor, 3)),
      similarNameElsewhere(this.dataSource, folded, actor.teamId),
    ]);
    return {
      customers: rows.map(({ similarity, ...customer }) => ({ customer: customer as CustomerEntity, similarity: Number(similarity) })),
      inOtherTeams,
    };
  }
}
