export { startGateway, type RunningGateway } from './start-gateway';
export { loadGatewayConfig, type GatewayConfig } from './config';
