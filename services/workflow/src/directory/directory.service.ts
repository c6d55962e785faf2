import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, recordEvents } from '@salestrail/platform';
import {
  ActorSchema,
  DEFAULT_LOCALE,
  LOCALES,
  SYSTEM_ACTOR,
  TEAM_ROLES,
  type Actor,
  type DomainEvent,
  type LocaleValue,
  type NewEvent,
  type Role,
} from '@salestrail/contract';
import { canListPerson, canSeeHoldings, directoryScope } from '../common/access';
import type { Clock } from '../common/clock';
import type { HandOverEntity } from '../hand-overs/hand-over.entity';
import type { HandOverService } from '../hand-overs/hand-over.service';
import { UserEntity } from './user.entity';
import { MAX_USER_PAGE, UserRepository, type HoldingsRow } from './user.repository';
import type { AddUserInput, UpdateUserInput, UserFilter } from './user.types';

/** How many first-seen people a process remembers as known before it starts over (a memory bound). */
const KNOWN_CACHE_LIMIT = 50_000;
const PHONE = /^\+?[0-9][0-9 ()-]{4,30}$/;
/**
 * What a person's id (an identity provider's `sub`: Auth0 `google-oauth2|123`, Keycloak and Entra UUIDs,
 * Okta ids, e-mail-like subjects) is made of. Anything else named as an id is refused, not looked up.
 */
const USER_ID = /^[A-Za-z0-9._@|:+-]{1,128}$/;

/** An id named in a request: the shape of an identity provider's subject, or INVALID_ID. */
export function assertUserId(id: string, field: string): string {
  if (!USER_ID.test(id)) throw new BadInputError(field, 'INVALID_ID', `${field} is not a person's id`);
  return id;
}

/** What deactivating a person answers: what they still held, and the hand-over to a successor if one was named. */
export interface Deactivated {
  user: UserEntity;
  holdings: HoldingsRow;
  handOver: HandOverEntity | null;
}

/** A required text: trimmed, not empty, storable (no U+0000), bounded. */
function requiredText(value: string, field: string, max: number): string {
  const text = optionalText(value, field, max);
  if (!text) throw new BadInputError(field, 'REQUIRED', `${field} is required`);
  return text;
}

/** An optional text: trimmed, '' read as none. */
function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.includes('\u0000')) throw new BadInputError(field, 'INVALID_CHARACTER', `${field} contains U+0000`);
  const text = value.trim();
  if (text.length > max) throw new BadInputError(field, 'TOO_LONG', `${field} holds at most ${max} characters`);
  return text || null;
}

function email(value: string | null | undefined): string | null {
  const text = optionalText(value, 'email', 254);
  if (text === null) return null;
  if (!ActorSchema.shape.email.safeParse(text).success) throw new BadInputError('email', 'INVALID_EMAIL', 'Not an e-mail address');
  return text;
}

function phone(value: string | null | undefined): string | null {
  const text = optionalText(value, 'phone', 32);
  if (text !== null && !PHONE.test(text)) throw new BadInputError('phone', 'INVALID_PHONE', 'A phone number: digits, spaces, ( ) - and a leading +');
  return text;
}

function locale(value: string | null | undefined): LocaleValue {
  const text = optionalText(value, 'locale', 16) ?? DEFAULT_LOCALE;
  const known = LOCALES.find((l) => l.toLowerCase() === text.toLowerCase());
  if (!known) throw new BadInputError('locale', 'UNSUPPORTED_LOCALE', `Locale ${text}: use ${LOCALES.join(' or ')}`);
  return known;
}

export function encodeUserCursor(u: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([u.name, u.id])).toString('base64url');
}

function decodeUserCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // falls through
  }
  throw new BadInputError('after', 'INVALID_CURSOR', 'Not a cursor of this list');
}

/** The fields every user.* event carries: the whole person. */
function personPayload(u: UserEntity) {
  return { userId: u.id, name: u.name, email: u.email, phone: u.phone, locale: u.locale, teamId: u.teamId, role: u.role, active: u.active };
}

function userEnvelope(u: UserEntity, actor: Actor, now: Date) {
  return { aggregateId: u.id, version: u.version, teamId: u.teamId, actor, occurredAt: now.toISOString() };
}

/**
 * The directory of people: ADMIN adds, changes, deactivates and reactivates them; a person unknown to the
 * directory is added from their verified token claims the first time they call workflow or cause a
 * records event. Every change records a user.* event in the same transaction.
 */
export class DirectoryService {
  private readonly known = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    readonly people: UserRepository,
    private readonly handOvers: HandOverService,
  ) {}

  /** The caller of a request: added from their verified claims if the directory does not hold them. */
  async ensureKnown(actor: Actor): Promise<void> {
    if (actor.userId === SYSTEM_ACTOR.userId || this.known.has(actor.userId)) return;
    await this.dataSource.transaction((manager) => this.addFromClaims(manager, [actor]));
    this.remember([actor.userId]);
  }

  /**
   * The people who caused `events` (verified identities, forwarded by the gateway to records): those the
   * directory does not hold are added from their claims, in the caller's transaction.
   */
  async learnActors(manager: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    const actors = events.map((e) => e.actor).filter((a) => a.userId !== SYSTEM_ACTOR.userId && !this.known.has(a.userId));
    if (actors.length === 0) return;
    const inserted = new Set((await this.addFromClaims(manager, actors)).map((u) => u.id));
    // Only people found already there are remembered: the new rows are not committed yet.
    this.remember(actors.map((a) => a.userId).filter((id) => !inserted.has(id)));
  }

  private async addFromClaims(manager: EntityManager, actors: readonly Actor[]): Promise<UserEntity[]> {
    const now = this.clock.now();
    const added = await this.people.insertFromClaims(manager, actors, now);
    await recordEvents(
      manager,
      added.map((u) => ({
        type: 'user.created' as const,
        ...userEnvelope(u, actors.find((a) => a.userId === u.id)!, now),
        payload: { ...personPayload(u), source: 'CLAIMS' as const },
      })),
    );
    return added;
  }

  private remember(ids: string[]): void {
    if (this.known.size + ids.length > KNOWN_CACHE_LIMIT) this.known.clear();
    for (const id of ids) this.known.add(id);
  }

  async add(actor: Actor, input: AddUserInput): Promise<UserEntity> {
    assertAdmin(actor);
    const id = assertUserId(requiredText(input.id, 'id', 128), 'id');
    const now = this.clock.now();
    const user: UserEntity = {
      id,
      name: requiredText(input.name, 'name', 200),
      email: email(input.email),
      phone: phone(input.phone),
      locale: locale(input.locale),
      teamId: optionalText(input.teamId, 'teamId', 64),
      role: input.role,
      active: true,
      source: 'ADMIN',
      version: 1,
      createdAt: now,
      updatedAt: now,
      deactivatedAt: null,
    };
    return this.dataSource.transaction(async (manager) => {
      await this.checkTeam(manager, user.role, user.teamId);
      if (!(await this.people.insert(manager, user))) {
        throw new ConflictError(`The directory already holds ${id}: change them with updateUser`, 'USER_EXISTS');
      }
      await recordEvents(manager, [
        { type: 'user.created', ...userEnvelope(user, actor, now), payload: { ...personPayload(user), source: 'ADMIN' } },
      ]);
      return user;
    });
  }

  /** Changes the given fields; an unchanged person is a no-op (no version, no event). */
  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserEntity> {
    assertAdmin(actor);
    const changes: Partial<UserEntity> = {};
    if (input.name !== undefined && input.name !== null) changes.name = requiredText(input.name, 'name', 200);
    if (input.email !== undefined) changes.email = email(input.email);
    if (input.phone !== undefined) changes.phone = phone(input.phone);
    if (input.locale !== undefined && input.locale !== null) changes.locale = locale(input.locale);
    if (input.teamId !== undefined) changes.teamId = optionalText(input.teamId, 'teamId', 64);
    if (input.role !== undefined && input.role !== null) changes.role = input.role;
    return this.dataSource.transaction(async (manager) => {
      const user = await this.people.lock(manager, id);
      if (!user) throw new NotFoundError('User', id);
      const changed = (Object.keys(changes) as Array<keyof UserEntity>).filter((k) => changes[k] !== user[k]);
      if (changed.length === 0) return user;
      const next: UserEntity = { ...user, ...changes, version: user.version + 1, updatedAt: this.clock.now() };
      if (changed.includes('teamId') || changed.includes('role')) await this.checkTeam(manager, next.role, next.teamId);
      await this.people.update(manager, next);
      await recordEvents(manager, [
        { type: 'user.updated', ...userEnvelope(next, actor, next.updatedAt), payload: { ...personPayload(next), changed } },
      ]);
      return next;
    });
  }

  /**
   * Deactivates a person (no longer named as an owner, no e-mail) and lists what they still hold; with a
   * successor, hands all of it over in the same transaction. Deactivating someone already inactive changes
   * nothing but may still start (or return) their hand-over, so a caller can simply ask again.
   */
  async deactivate(actor: Actor, id: string, successorId: string | null | undefined, reason: string | null | undefined): Promise<Deactivated> {
    assertAdmin(actor);
    if (id === actor.userId) throw new BadInputError('id', 'CANNOT_DEACTIVATE_SELF', 'An ADMIN cannot deactivate themself');
    const cleanReason = optionalText(reason, 'reason', 1000);
    const result = await this.dataSource.transaction(async (manager) => {
      const user = await this.people.lock(manager, id);
      if (!user) throw new NotFoundError('User', id);
      const holdings = await this.people.holdings(id, manager);
      let current = user;
      const now = this.clock.now();
      if (user.active) {
        current = { ...user, active: false, deactivatedAt: now, updatedAt: now, version: user.version + 1 };
        await this.people.update(manager, current);
        await recordEvents(manager, [
          {
            type: 'user.deactivated',
            ...userEnvelope(current, actor, now),
            payload: { ...personPayload(current), successorId: successorId ?? null, reason: cleanReason },
          } satisfies NewEvent<'user.deactivated'>,
        ]);
      }
      const started = successorId
        ? await this.handOvers.start(manager, actor, current, successorId, cleanReason ?? 'deactivated', 'successorId')
        : null;
      return { user: current, holdings, started };
    });
    if (result.started) await this.handOvers.afterStart(result.started);
    return { user: result.user, holdings: result.holdings, handOver: result.started?.handOver ?? null };
  }

  async reactivate(actor: Actor, id: string): Promise<UserEntity> {
    assertAdmin(actor);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.people.lock(manager, id);
      if (!user) throw new NotFoundError('User', id);
      if (user.active) return user;
      const now = this.clock.now();
      const next: UserEntity = { ...user, active: true, deactivatedAt: null, updatedAt: now, version: user.version + 1 };
      await this.people.update(manager, next);
      await recordEvents(manager, [
        { type: 'user.updated', ...userEnvelope(next, actor, now), payload: { ...personPayload(next), changed: ['active'] } },
      ]);
      return next;
    });
  }

  async byIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.people.byIds(ids);
  }

  async get(id: string): Promise<UserEntity | null> {
    const [row] = await this.people.byIds([id]);
    return row ?? null;
  }

  /** The caller: always in the directory once their request got here (`ensureKnown`). */
  async me(actor: Actor): Promise<UserEntity> {
    const me = await this.get(actor.userId);
    if (!me) throw new NotFoundError('User', actor.userId);
    return me;
  }

  async list(actor: Actor, filter: UserFilter | null | undefined, first = 50, after?: string | null) {
    if (!Number.isInteger(first) || first < 0 || first > MAX_USER_PAGE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 0 and ${MAX_USER_PAGE}`);
    }
    const scope = directoryScope(actor);
    const teamId = optionalText(filter?.teamId, 'filter.teamId', 128);
    if (teamId && scope.kind !== 'ALL' && !(scope.kind === 'TEAM' && scope.teamId === teamId)) {
      throw new ForbiddenError(`${actor.role} lists the people of their own team only`);
    }
    const search = optionalText(filter?.search, 'filter.search', 100);
    return this.people.page({
      scope,
      selfId: actor.userId,
      teamId,
      role: filter?.role ?? null,
      active: filter?.active ?? null,
      search,
      first,
      after: after ? decodeUserCursor(after) : null,
      withCount: true,
    });
  }

  canSeeContactDetails(actor: Actor, user: UserEntity | { id: string; teamId: string | null }): boolean {
    return canListPerson(actor, user);
  }

  async holdings(actor: Actor, user: { id: string; teamId: string | null }): Promise<HoldingsRow> {
    if (!canSeeHoldings(actor, user)) throw new ForbiddenError('Only the person, their manager or an ADMIN sees what they hold');
    return this.people.holdings(user.id);
  }

  /** Team roles belong to a team; a team named must be one the workflow knows. */
  private async checkTeam(manager: EntityManager, role: Role, teamId: string | null): Promise<void> {
    if (teamId === null) {
      if (TEAM_ROLES.includes(role)) throw new BadInputError('teamId', 'TEAM_REQUIRED', `A ${role} belongs to a team`);
      return;
    }
    if (!(await this.people.teamExists(manager, teamId))) {
      throw new BadInputError('teamId', 'UNKNOWN_TEAM', `No team ${teamId}: create it with upsertTeam first`);
    }
  }
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN manages the directory');
}
