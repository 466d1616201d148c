import './tracing';
import { runService } from '@stockgraph/runtime';
import { loadGatewayConfig } from './config';
import { startGateway } from './start-gateway';

runService('gateway', () => startGateway(loadGatewayConfig()));
