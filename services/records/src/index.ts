export { startRecordsApp, type RecordsApp } from './app';
export { loadRecordsConfig, type RecordsConfig } from './config';
export { buildRecordsSchema } from './schema';
export { createRecordsDataSource } from './data-source';
