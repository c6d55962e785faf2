export * from './services';
export * from './run';
export * from './wait';
