import './tracing';
import { STORE_SYNC, TOPICS } from '@stockgraph/events';
import { consumerMetrics, deadLetterTopic, type EventBus, EventSchemas } from '@stockgraph/messaging';
import { ANONYMOUS, DomainError, unauthenticated } from '@stockgraph/domain';
import {
  GraphQLClient,
  type Logger,
  PAGE_CSP,
  PasswordHasher,
  PeriodicTask,
  runService,
  staticPageRoutes,
} from '@stockgraph/runtime';
import {
  openSubgraphRuntime,
  resolverContainer,
  type RunningSubgraph,
  serveSubgraph,
} from '@stockgraph/graphql-service';
import { Counter } from 'prom-client';
import { BootstrapService } from './app/bootstrap.service';
import { ReplicaService } from './app/replica.service';
import { ReplicaStartup } from './app/replica-startup';
import { SyncAgent } from './app/sync-agent';
import { TillService } from './app/till.service';
import { isTillSessionToken, TillSignIn } from './app/till-sign-in';
import { loadStoreConfig, type StoreConfig } from './config';
import { REPLICA_TOPICS, replicaConsumer, replicaGroupId } from './events/replica.consumer';
import type { StoreContext } from './graphql/context';
import { buildStoreSchema } from './graphql/schema';
import { CashierResolver } from './graphql/cashier.resolver';
import { StoreStockResolver } from './graphql/store-stock.resolver';
import { TillResolver } from './graphql/till.resolver';
import { AllowanceRepository } from './infra/allowance.repository';
import { CashierRepository } from './infra/cashier.repository';
import { CentralStoreApi } from './infra/central-store-api';
import { StoreReplica1767225600400 } from './infra/db/migrations/1767225600400-store-replica';
import { StoreSales1767225600401 } from './infra/db/migrations/1767225600401-store-sales';
import { ReplicaNearby1767225600402 } from './infra/db/migrations/1767225600402-replica-nearby';
import { ReplicaCategories1767225600403 } from './infra/db/migrations/1767225600403-replica-categories';
import { Cashiers1767225600404 } from './infra/db/migrations/1767225600404-cashiers';
import { centreAnswers } from './infra/link-probe';
import { ReplicaRepository } from './infra/replica.repository';
import { ReturnRepository } from './infra/return.repository';
import { SaleRepository } from './infra/sale.repository';
import { StoreTokenSource } from './infra/store-token-source';
import { SyncOutboxRepository } from './infra/sync-outbox.repository';
import { registerSyncMetrics } from './sync-metrics';

/** Between attempts at the replica's start-up (position check, feed, first snapshot) while the broker or the centre cannot be reached. */
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
  till: TillService;
  sync: SyncAgent;
  tills: TillSignIn;
}

/** Composition root of a shop's store service. */
export async function startStore(options: StartStoreOptions): Promise<RunningStore> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: [],
    migrations: [
      StoreReplica1767225600400,
      StoreSales1767225600401,
      ReplicaNearby1767225600402,
      ReplicaCategories1767225600403,
      Cashiers1767225600404,
    ],
    topics: [
      TOPICS.catalogProducts,
      TOPICS.catalogCategories,
      TOPICS.inventoryStock,
      ...[TOPICS.catalogProducts, TOPICS.catalogCategories, TOPICS.inventoryStock, STORE_SYNC].map(deadLetterTopic),
    ],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, log, bus, metrics } = runtime;
  const clock = options.clock ?? Date.now;
  const { locationId, gatewayUrl, apiKey, centralTimeoutMs } = config.store;
  const token = new StoreTokenSource(new URL('/auth/token', gatewayUrl).toString(), apiKey, centralTimeoutMs, clock);
  const central = new GraphQLClient('the gateway', gatewayUrl, centralTimeoutMs, {
    caller: `store-${locationId}`,
    authorization: () => token.authorization(),
  });

  const replica = new ReplicaService(db, new ReplicaRepository(), clock);
  await replica.loadRegion();
  const bootstrap = new BootstrapService(central, replica, locationId, log);
  const scope = { locationId, replicaId: await replica.id() };
  const feed = replicaConsumer(
    { bus, schemas: new EventSchemas(), metrics: consumerMetrics(metrics.registry), log },
    replica,
    scope,
  );

  const sales = new SaleRepository();
  const returns = new ReturnRepository();
  const queue = new SyncOutboxRepository();
  const allowances = new AllowanceRepository();
  const deadLetters = new Counter({
    name: 'store_sync_dead_letters_total',
    help: 'Sales and returns the centre refused for good, by code (see syncDeadLetters and store.sync.v1.dlq).',
    labelNames: ['code'],
    registers: [metrics.registry],
  });
  const sync = new SyncAgent(
    {
      db,
      locationId,
      sales,
      returns,
      queue,
      allowances,
      central: new CentralStoreApi(central, locationId),
      replica,
      events: runtime.outbox,
      log,
      clock,
      onDeadLetter: (code) => deadLetters.inc({ code }),
      ...(config.faults.has('crash-after-central-sale')
        ? { afterCentralAnswer: () => process.kill(process.pid, 'SIGKILL') }
        : {}),
    },
    { ...config.sync, policy: config.sync.allowance },
  );
  const till = new TillService(db, sales, returns, queue, allowances, sync, clock);
  registerSyncMetrics(metrics.registry, till, config.sync.backlogAlertMs, clock);
  sync.start();
  // Feed and snapshot wait for the broker and the centre if they cannot be reached yet.
  const startup = new ReplicaStartup({
    bus,
    feed,
    group: { id: replicaGroupId(scope), topics: REPLICA_TOPICS },
    bootstrap,
    onSnapshot: () => sync.kick(),
    log,
  });
  const replicaTask = new PeriodicTask(
    { name: 'replica start-up', intervalMs: BOOTSTRAP_RETRY_MS, runAtStart: true, run: () => startup.run() },
    log,
  );
  replicaTask.start();
  // Whether the centre answers, probed every LINK_CHECK_MS: the till's badge and the backlog's drain follow it.
  let linkUp: boolean | null = null;
  const healthUrl = new URL('/health/live', gatewayUrl).toString();
  const link = new PeriodicTask(
    {
      name: 'link probe',
      intervalMs: config.link.checkMs,
      runAtStart: true,
      run: async () => {
        const up = await centreAnswers(healthUrl, config.link.timeoutMs);
        if (up !== linkUp) {
          log.info({ up }, up ? 'the link to the centre is up' : 'the link to the centre is down');
          linkUp = up;
          await sync.linkChanged(up);
        }
      },
    },
    log,
  );
  link.start();

  const tills = new TillSignIn(
    db,
    new CashierRepository(),
    new PasswordHasher(
      { logN: config.till.scryptLogN, r: 8, p: 1 },
      () => new DomainError('TILL_BUSY', 'too many sign-ins at once; try again in a moment', undefined, 'UNAVAILABLE'),
    ),
    locationId,
    config.till,
    clock,
  );
  const schema = await buildStoreSchema(
    resolverContainer([
      new StoreStockResolver(replica, till, locationId),
      new TillResolver(till, locationId),
      new CashierResolver(tills),
    ]),
  );
  const bearer = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7).trim() : null);
  const running = await serveSubgraph<StoreContext>(runtime, {
    schema,
    context: (req, caller) => {
      const token = bearer(req.headers.authorization);
      return Promise.resolve({ caller, tillToken: token && isTillSessionToken(token) ? token : null });
    },
    // A till session is checked here, offline too; a central token as everywhere; no token at all
    // is anonymous, which only tillSignIn accepts (every other field needs the store role).
    authenticate: async (req, central) => {
      const token = bearer(req.headers.authorization);
      if (!req.headers.authorization) return ANONYMOUS;
      if (token && isTillSessionToken(token)) {
        const caller = await tills.callerOf(token);
        if (!caller)
          throw unauthenticated(
            'this till session has ended (signed out, expired or its cashier removed): sign in again',
          );
        return caller;
      }
      return central(req);
    },
    background: {
      'link probe': link,
      'sync agent': sync,
      'replica start-up': replicaTask,
      'replica feed': feed,
    },
    // The till page (@stockgraph/till): sell, see the link with the centre and the stock.
    routes: staticPageRoutes(config.store.tillPagesPath, [
      { paths: ['/', '/till'], file: 'index.html', csp: PAGE_CSP },
    ]),
  });
  log.info({ url: running.url, locationId }, 'store service started');
  return { ...running, replica, bootstrap, till, sync, tills };
}

if (require.main === module) {
  runService('store', () => startStore({ config: loadStoreConfig() }));
}
