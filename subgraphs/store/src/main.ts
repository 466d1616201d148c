import { TOPICS } from '@stockgraph/events';
import {
  consumerMetrics,
  deadLetterTopic,
  type EventBus,
  EventSchemas,
  GraphQLClient,
  type Logger,
  openSubgraphRuntime,
  PeriodicTask,
  resolverContainer,
  type RunningSubgraph,
  runService,
  serveSubgraph,
} from '@stockgraph/shared';
import { BootstrapService } from './app/bootstrap.service';
import { ReplicaService } from './app/replica.service';
import { loadStoreConfig, type StoreConfig } from './config';
import { replicaConsumer } from './events/replica.consumer';
import type { StoreContext } from './graphql/context';
import { buildStoreSchema } from './graphql/schema';
import { StoreStockResolver } from './graphql/store-stock.resolver';
import { StoreReplica1767225600400 } from './infra/db/migrations/1767225600400-store-replica';
import { ReplicaRepository } from './infra/replica.repository';
import { StoreTokenSource } from './infra/store-token-source';

/** Between attempts at the first snapshot while the centre cannot be reached. */
const BOOTSTRAP_RETRY_MS = 5000;

export interface StartStoreOptions {
  config: StoreConfig;
  /** The event bus to read; a private in-process one (or Kafka, from the config) when omitted. */
  bus?: EventBus;
  log?: Logger;
  clock?: () => number;
}

export interface RunningStore extends RunningSubgraph {
  replica: ReplicaService;
  bootstrap: BootstrapService;
}

/** Composition root of a shop's store service. */
export async function startStore(options: StartStoreOptions): Promise<RunningStore> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: [],
    migrations: [StoreReplica1767225600400],
    topics: [TOPICS.catalogProducts, TOPICS.inventoryStock, deadLetterTopic(TOPICS.catalogProducts), deadLetterTopic(TOPICS.inventoryStock)],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, log, bus, metrics } = runtime;
  const { locationId, gatewayUrl, apiKey, centralTimeoutMs } = config.store;
  const token = new StoreTokenSource(new URL('/auth/token', gatewayUrl).toString(), apiKey, centralTimeoutMs, options.clock);
  const central = new GraphQLClient('the gateway', gatewayUrl, centralTimeoutMs, { caller: `store-${locationId}`, authorization: () => token.authorization() });
  const replica = new ReplicaService(db, new ReplicaRepository(), options.clock);
  const bootstrap = new BootstrapService(central, replica, locationId, log);
  const consumers = consumerMetrics(metrics.registry);
  const feed = replicaConsumer(bus, replica, { locationId, replicaId: await replica.id() }, new EventSchemas(), consumers, log);
  feed.start();
  // The first snapshot waits for the centre if it cannot be reached yet; once taken, this does nothing.
  const firstSnapshot = new PeriodicTask({ name: 'replica bootstrap', intervalMs: BOOTSTRAP_RETRY_MS, runAtStart: true, run: () => bootstrap.ensureBootstrapped() }, log);
  firstSnapshot.start();

  const schema = await buildStoreSchema(resolverContainer([new StoreStockResolver(replica, locationId)]));
  const running = await serveSubgraph<StoreContext>(runtime, {
    schema,
    context: (_req, caller) => Promise.resolve({ caller }),
    background: { 'replica bootstrap': firstSnapshot, 'replica feed': feed },
  });
  log.info({ url: running.url, locationId }, 'store service started');
  return { ...running, replica, bootstrap };
}

if (require.main === module) {
  runService('store', () => startStore({ config: loadStoreConfig() }));
}
