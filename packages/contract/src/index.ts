export * from './envelope';
export * from './events';
export * from './queues';
export * from './identity';
export * from './vocabulary';
export * from './jobs';
