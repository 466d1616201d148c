import { runService } from '@stockgraph/shared';
import { loadGatewayConfig } from './config';
import { startGateway } from './start-gateway';

runService('gateway', () => startGateway(loadGatewayConfig()));
