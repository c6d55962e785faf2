export { createGateway, startGateway, type RunningGateway } from './gateway';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { composeSupergraph } from './compose';
