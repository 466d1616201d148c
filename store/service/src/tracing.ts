// main.ts imports this first: tracing hooks node:http, mysql2, ioredis and graphql as they load.
import { startTracing } from '@stockgraph/runtime/tracing';

startTracing('store');
