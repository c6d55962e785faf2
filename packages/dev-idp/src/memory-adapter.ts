import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * Where the provider keeps sessions, sign-ins in progress, codes and grants: this process's memory, on
 * purpose. A restart signs everyone out of the provider (the app signs in again); the access tokens are
 * JWTs and stay valid while the signing key lasts. One store for every model, keyed by model and id.
 */
const store = new Map<string, Entry>();
const grants = new Map<string, Set<string>>();

function sweep(now: number): void {
  for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  for (const [grantId, keys] of grants) {
    for (const key of keys) if (!store.has(key)) keys.delete(key);
    if (!keys.size) grants.delete(grantId);
  }
}

export class MemoryAdapter implements Adapter {
  private writes = 0;

  constructor(private readonly model: string) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const now = Date.now();
    if (++this.writes % 100 === 0) sweep(now);
    const key = this.key(id);
    store.set(key, { payload, expiresAt: now + expiresIn * 1000 });
    if (payload.grantId) {
      const keys = grants.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      grants.set(payload.grantId, keys);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [key, entry] of store) {
      if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid && entry.expiresAt > Date.now())
        return entry.payload;
    }
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [key, entry] of store) {
      if (
        key.startsWith(`${this.model}:`) &&
        entry.payload.userCode === userCode &&
        entry.expiresAt > Date.now()
      )
        return entry.payload;
    }
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of grants.get(grantId) ?? []) store.delete(key);
    grants.delete(grantId);
  }
}
