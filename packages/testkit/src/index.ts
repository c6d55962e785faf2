export * from './services';
export * from './run';
export * from './wait';
export * from './system';
export * from './actors';
export * from './recording-proxy';
export * from './tamper';
export * from './owned-database';
