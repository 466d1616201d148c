import { TOPICS } from "@stockgraph/events";
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
} from "@stockgraph/shared";
import { Counter, Gauge, type Registry } from "prom-client";
import { BootstrapService } from "./app/bootstrap.service";
import { ReplicaService } from "./app/replica.service";
import { SyncAgent } from "./app/sync-agent";
import { TillService } from "./app/till.service";
import { loadStoreConfig, type StoreConfig } from "./config";
import { replicaConsumer } from "./events/replica.consumer";
import type { StoreContext } from "./graphql/context";
import { buildStoreSchema } from "./graphql/schema";
import { StoreStockResolver } from "./graphql/store-stock.resolver";
import { TillResolver } from "./graphql/till.resolver";
import { AllowanceRepository } from "./infra/allowance.repository";
import { CentralStoreApi } from "./infra/central-store-api";
import { SaleRepository } from "./infra/sale.repository";
import { StoreSales1767225600401 } from "./infra/db/migrations/1767225600401-store-sales";
import { StoreReplica1767225600400 } from "./infra/db/migrations/1767225600400-store-replica";
import { ReplicaRepository } from "./infra/replica.repository";
import { StoreTokenSource } from "./infra/store-token-source";

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
  till: TillService;
  sync: SyncAgent;
}

/** Composition root of a shop's store service. */
export async function startStore(
  options: StartStoreOptions,
): Promise<RunningStore> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: [],
    migrations: [StoreReplica1767225600400, StoreSales1767225600401],
    topics: [
      TOPICS.catalogProducts,
      TOPICS.inventoryStock,
      deadLetterTopic(TOPICS.catalogProducts),
      deadLetterTopic(TOPICS.inventoryStock),
    ],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, log, bus, metrics } = runtime;
  const { locationId, gatewayUrl, apiKey, centralTimeoutMs } = config.store;
  const token = new StoreTokenSource(
    new URL("/auth/token", gatewayUrl).toString(),
    apiKey,
    centralTimeoutMs,
    options.clock,
  );
  const central = new GraphQLClient(
    "the gateway",
    gatewayUrl,
    centralTimeoutMs,
    {
      caller: `store-${locationId}`,
      authorization: () => token.authorization(),
    },
  );
  const replica = new ReplicaService(
    db,
    new ReplicaRepository(),
    options.clock,
  );
  const bootstrap = new BootstrapService(central, replica, locationId, log);
  const consumers = consumerMetrics(metrics.registry);
  const feed = replicaConsumer(
    bus,
    replica,
    { locationId, replicaId: await replica.id() },
    new EventSchemas(),
    consumers,
    log,
  );
  feed.start();
  // The first snapshot waits for the centre if it cannot be reached yet; once taken, this does nothing.
  const firstSnapshot = new PeriodicTask(
    {
      name: "replica bootstrap",
      intervalMs: BOOTSTRAP_RETRY_MS,
      runAtStart: true,
      run: () => bootstrap.ensureBootstrapped(),
    },
    log,
  );
  firstSnapshot.start();

  const sales = new SaleRepository();
  const allowances = new AllowanceRepository();
  const deadLetters = new Counter({
    name: "store_sync_dead_letters_total",
    help: "Sales the centre refused for good, by code (see the store dead letters).",
    labelNames: ["code"],
    registers: [metrics.registry],
  });
  const sync = new SyncAgent(
    {
      db,
      sales,
      allowances,
      central: new CentralStoreApi(central, locationId),
      replica,
      log,
      ...(options.clock ? { clock: options.clock } : {}),
      onDeadLetter: (code) => deadLetters.inc({ code }),
      ...(config.faults.has("crash-after-central-sale")
        ? { afterCentralAnswer: () => process.kill(process.pid, "SIGKILL") }
        : {}),
    },
    { ...config.sync, policy: config.sync.allowance },
  );
  const till = new TillService(db, sales, allowances, sync, options.clock);
  syncMetrics(
    metrics.registry,
    till,
    config.sync.backlogAlertMs,
    options.clock ?? Date.now,
  );
  sync.start();

  const schema = await buildStoreSchema(
    resolverContainer([
      new StoreStockResolver(replica, till, locationId),
      new TillResolver(till, locationId),
    ]),
  );
  const running = await serveSubgraph<StoreContext>(runtime, {
    schema,
    context: (_req, caller) => Promise.resolve({ caller }),
    background: {
      "sync agent": sync,
      "replica bootstrap": firstSnapshot,
      "replica feed": feed,
    },
  });
  log.info({ url: running.url, locationId }, "store service started");
  return { ...running, replica, bootstrap, till, sync };
}

/** The sync's health as metrics: backlog, its age, time since the last sync, and the alert. */
function syncMetrics(
  registry: Registry,
  till: TillService,
  alertMs: number,
  clock: () => number,
): void {
  const status = () => till.status();
  new Gauge({
    name: "store_sync_backlog",
    help: "Sales not yet recorded centrally.",
    registers: [registry],
    async collect() {
      this.set((await status()).backlog);
    },
  });
  new Gauge({
    name: "store_sync_backlog_age_seconds",
    help: "Age of the oldest sale not yet recorded centrally (0 when none).",
    registers: [registry],
    async collect() {
      const { oldestPendingAt } = await status();
      this.set(
        oldestPendingAt === null ? 0 : (clock() - oldestPendingAt) / 1000,
      );
    },
  });
  new Gauge({
    name: "store_sync_last_success_age_seconds",
    help: "Seconds since the centre last recorded a sale of this shop (-1: never).",
    registers: [registry],
    async collect() {
      const { lastSyncedAt } = await status();
      this.set(lastSyncedAt === null ? -1 : (clock() - lastSyncedAt) / 1000);
    },
  });
  new Gauge({
    name: "store_sync_backlog_alert",
    help: "1 when the oldest unsynced sale is older than SYNC_BACKLOG_ALERT_SECONDS.",
    registers: [registry],
    async collect() {
      const { oldestPendingAt } = await status();
      this.set(
        oldestPendingAt !== null && clock() - oldestPendingAt > alertMs ? 1 : 0,
      );
    },
  });
  new Gauge({
    name: "store_sync_online",
    help: "1 when the centre answered the last call, 0 when not, -1 before the first.",
    registers: [registry],
    async collect() {
      const { online } = await status();
      this.set(online === null ? -1 : online ? 1 : 0);
    },
  });
}

if (require.main === module) {
  runService("store", () => startStore({ config: loadStoreConfig() }));
}
