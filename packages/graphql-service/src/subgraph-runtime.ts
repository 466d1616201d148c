import type { IncomingMessage } from 'node:http';
import type { FrameworkClass } from './framework-class';
import type { BaseContext } from '@apollo/server';
import { Gauge } from 'prom-client';
import type { GraphQLSchema } from 'graphql';
import type { MixedList } from 'typeorm';
import type { SubgraphConfig } from './service-config';
import type { Database } from '@stockgraph/persistence';
import { openDatabase } from './db/open-database';
import { SharedInbox1767225600001 } from './db/shared-inbox.migration';
import { SharedLongText1767225600002 } from './db/shared-long-text.migration';
import { SharedTables1767225600000 } from './db/shared-tables.migration';
import { SharedJobLeases1767225600003 } from './db/shared-job-leases.migration';
import { inbox } from '@stockgraph/messaging';
import type { EventBus } from '@stockgraph/messaging';
import { createEventBus } from '@stockgraph/messaging';
import { createLogger, type Logger } from '@stockgraph/runtime';
import { createMetrics, type ServiceMetrics } from '@stockgraph/runtime';
import { Outbox } from '@stockgraph/messaging';
import type { CallerBudget } from '@stockgraph/runtime';
import type { ContextFactory } from '@stockgraph/runtime';
import type { ReadinessCheck, Route } from '@stockgraph/runtime';
import type { Stoppable } from '@stockgraph/runtime';
import { attachSubscriptions } from '@stockgraph/runtime';
import { PeriodicTask } from '@stockgraph/runtime';
import { JobLease, purgeExpiredIdempotencyKeys } from '@stockgraph/persistence';
import { ACTING_FOR_HEADER, Authenticator, CONNECTION_AUTH_KEYS } from '@stockgraph/runtime';
import { serviceTokens, type ServiceTokens } from '@stockgraph/runtime';
import { TokenVerifier } from '@stockgraph/runtime';
import type { Caller } from '@stockgraph/domain';

/** How often idempotency keys past their retention, and inbox entries older than a day, are deleted. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
import { startSubgraphServer } from './start-subgraph';

/** What every subgraph's composition root starts from. */
export interface SubgraphRuntime {
  config: SubgraphConfig;
  log: Logger;
  metrics: ServiceMetrics;
  db: Database;
  bus: EventBus;
  outbox: Outbox;
  /** Verifies every request's token (subgraphs answer no tokenless request). */
  authenticator: Authenticator;
  /** This service's own token, for its calls to other services; fails if none is configured. */
  serviceTokens(): Promise<ServiceTokens>;
  /** The lease of a singleton job run every `intervalMs` among the instances of this service. */
  jobLease(name: string, intervalMs: number): JobLease;
}

/** Something a service runs beside its server; `ready` (when it has one) is true once it consumes its topics. */
export interface ServicePart extends Stoppable {
  readonly ready?: boolean;
  /** A consumer in a group every instance shares: it does not hold up readiness (see ConsumerOptions.sharedGroup). */
  readonly sharedGroup?: boolean;
}

function consumingChecks(parts: Record<string, ServicePart>): ReadinessCheck[] {
  return Object.entries(parts)
    .filter(([, part]) => 'ready' in part && part.sharedGroup !== true)
    .map(([name, part]) => ({
      name,
      check: () =>
        part.ready ? Promise.resolve() : Promise.reject(new Error(`${name} is not yet consuming its topic`)),
    }));
}

export interface RunningSubgraph extends Stoppable {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  port: number;
  db: Database;
  outbox: Outbox;
}

/**
 * Opens a subgraph's database (shared tables plus the service's own migrations), its
 * event bus (a private in-process one unless given) and its outbox.
 */
export async function openSubgraphRuntime(options: {
  config: SubgraphConfig;
  entities: MixedList<FrameworkClass>;
  migrations: FrameworkClass[];
  /** Topics the service writes or reads; created up front on Kafka. */
  topics: string[];
  bus?: EventBus;
  log?: Logger;
}): Promise<SubgraphRuntime & { ownsBus: boolean }> {
  const { config } = options;
  const log = options.log ?? createLogger(config.service, config.logLevel);
  const db = await openDatabase({
    config: config.database,
    entities: options.entities,
    migrations: [
      SharedTables1767225600000,
      SharedInbox1767225600001,
      SharedLongText1767225600002,
      SharedJobLeases1767225600003,
      ...options.migrations,
    ],
    log,
  });
  const bus = options.bus ?? createEventBus(config.eventBus, log);
  // A broker that is down at start-up must not keep the service down: the outbox holds
  // events until it is back, and publishing creates missing topics then.
  await bus.prepareTopics(options.topics).catch((error: unknown) => {
    log.warn({ err: error, topics: options.topics }, 'could not prepare topics yet; will retry when publishing');
  });
  let tokens: Promise<ServiceTokens> | undefined;
  return {
    config,
    log,
    // Twice the interval and a margin: a holder renews it at every run, so it only lapses when the holder is gone.
    jobLease: (name, intervalMs) => new JobLease(db, name, config.instanceId, 2 * intervalMs + 30_000),
    authenticator: new Authenticator(await TokenVerifier.create(config.auth), config.auth.delegators),
    serviceTokens: () => (tokens ??= serviceTokens(config.service, config.auth)),
    metrics: createMetrics(config.service),
    db,
    bus,
    outbox: new Outbox(db, bus, log, { pollMs: config.outboxPollMs }),
    ownsBus: !options.bus,
  };
}

/**
 * Starts relaying the outbox and serves the schema; `stop` undoes everything in reverse:
 * no new requests, outbox drained of its current pass, bus (if owned) and database closed.
 */
export async function serveSubgraph<Context extends BaseContext>(
  runtime: SubgraphRuntime & { ownsBus: boolean },
  options: {
    schema: GraphQLSchema;
    context: ContextFactory<Context>;
    /** Serves subscriptions over graphql-ws on the same URL; builds one subscription's context for the caller `connection_init` authenticated. */
    subscriptionContext?: (caller: Caller) => Context | Promise<Context>;
    /**
     * Consumers and timers that change state, by name: stopped in this order before the
     * server, so none works on a half-stopped service. Consumers count for readiness.
     */
    background?: Record<string, ServicePart>;
    /**
     * Feeds behind subscriptions, by name: ready once consuming; stopped only after the
     * sockets closed (code 1001, so gateways re-subscribe elsewhere) — ending a feed first
     * would complete every subscription instead.
     */
    liveFeeds?: Record<string, ServicePart>;
    readiness?: ReadinessCheck[];
    /** Per-caller budgets the subgraph enforces on its GraphQL route before executing anything. */
    callerBudget?: CallerBudget;
    /** Further HTTP routes (the store service's till page). */
    routes?: Route[];
    /**
     * Who an HTTP request is, when the service knows more callers than central tokens (the
     * store's till sessions); `central` is the usual check, which refuses a tokenless request.
     */
    authenticate?: (req: IncomingMessage, central: (req: IncomingMessage) => Promise<Caller>) => Promise<Caller>;
  },
): Promise<RunningSubgraph> {
  const { config, db, outbox, bus, log, metrics, authenticator } = runtime;
  outbox.start();
  outbox.kick();
  const purge = new PeriodicTask(
    {
      name: 'idempotency key and inbox purge',
      intervalMs: PURGE_INTERVAL_MS,
      runAtStart: true,
      run: () => Promise.all([purgeExpiredIdempotencyKeys(db), inbox.purge(db, Date.now() - DAY_MS)]),
      lease: runtime.jobLease('idempotency and inbox purge', PURGE_INTERVAL_MS),
      onResult: ([keys, events]) =>
        keys + events > 0 && log.info({ keys, events }, 'expired idempotency keys and inbox entries purged'),
    },
    log,
  );
  purge.start();
  new Gauge({
    name: 'outbox_backlog',
    help: 'Events committed but not yet accepted by the bus.',
    registers: [metrics.registry],
    async collect() {
      this.set(await outbox.backlog());
    },
  });
  new Gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'How long the oldest event not yet accepted by the bus has waited (0 when none); alerts past 30 s.',
    registers: [metrics.registry],
    async collect() {
      this.set(await outbox.oldestAgeSeconds());
    },
  });
  const central = (req: IncomingMessage) =>
    authenticator.callerOf(
      { authorization: req.headers.authorization, actingFor: headerValue(req.headers[ACTING_FOR_HEADER]) },
      { required: true },
    );
  const server = await startSubgraphServer<Context>({
    config,
    schema: options.schema,
    context: options.context,
    readiness: [
      { name: 'database', check: () => db.ping() },
      ...consumingChecks({ ...options.background, ...options.liveFeeds }),
      ...(options.readiness ?? []),
    ],
    metrics,
    log,
    authenticate: (req) => (options.authenticate ? options.authenticate(req, central) : central(req)),
    ...(options.callerBudget ? { callerBudget: options.callerBudget } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  const subscriptions = options.subscriptionContext
    ? attachSubscriptions(server.server, {
        schema: options.schema,
        authenticate: (params) =>
          authenticator.callerOf(
            {
              authorization: stringParam(params[CONNECTION_AUTH_KEYS.authorization]),
              actingFor: stringParam(params[CONNECTION_AUTH_KEYS.actingFor]),
            },
            { required: true },
          ),
        context: options.subscriptionContext,
        log,
        maxPayloadBytes: config.maxRequestBytes,
      })
    : undefined;
  return {
    url: `${server.url}/graphql`,
    port: server.port,
    db,
    outbox,
    stop: async () => {
      // Side by side: a consumer's stop waits out its fetch at the broker (up to
      // KAFKA_FETCH_MAX_WAIT_MS), and the parts share nothing that needs an order.
      await Promise.all(Object.values(options.background ?? {}).map((part) => part.stop()));
      await purge.stop();
      await subscriptions?.close();
      await server.close();
      await Promise.all(Object.values(options.liveFeeds ?? {}).map((feed) => feed.stop()));
      await outbox.stop();
      if (runtime.ownsBus) await bus.close();
      await db.close();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
