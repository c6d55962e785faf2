export * from './services';
export * from './run';
export * from './wait';
export * from './system';
export * from './actors';
export * from './people';
