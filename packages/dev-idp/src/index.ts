export { devIdpConfigSchema, loadDevIdpConfig, type DevIdpConfig } from './config';
export { loadPeople, ROLE_LABELS, type Person } from './people';
export { createDevIdp, providerConfiguration, type DevIdp } from './provider';
