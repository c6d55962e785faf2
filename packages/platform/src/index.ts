import 'reflect-metadata';

export * from './config';
export * from './logger';
export * from './errors';
export * from './db';
export * from './migration-step';
export * from './redis';
export * from './lifecycle';
export * from './identity';
export * from './scalars';
export * from './health';
export * from './subgraph';
export * from './outbox';
export * from './append-only';
export * from './consumer';
export * from './event-history';
export * from './gap-repair';
export * from './keys';
