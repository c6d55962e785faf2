export { startAnalyticsApp, type AnalyticsApp } from './app';
export { loadAnalyticsConfig, type AnalyticsConfig } from './config';
export { buildAnalyticsSchema } from './schema';
export { createAnalyticsDataSource } from './data-source';
