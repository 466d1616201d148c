export { startGateway, type RunningGateway, type StartGatewayOptions } from './start-gateway';
export { loadGatewayConfig, type GatewayConfig } from './config';
