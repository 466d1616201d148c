import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { Counter } from 'prom-client';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import {
  Authenticator,
  createHttpServer,
  createLogger,
  createMetrics,
  DevIssuer,
  demoPassword,
  createRedis,
  redisSettled,
  formatError,
  GraphQLClient,
  graphqlRoutes,
  listen,
  type Logger,
  type Route,
  serviceTokens,
  type Stoppable,
  TokenVerifier,
} from '@stockgraph/runtime';
import { createEventBus, DeadLetterDesk, type EventBus, processGroupId } from '@stockgraph/messaging';
import type { GatewayContext } from './auth/gateway-context';
import { StoreKeyExchange } from './auth/store-key-exchange';
import { SubgraphCredentials } from './auth/subgraph-credentials';
import { tokenRoutes } from './auth/token-routes';
import type { GatewayConfig } from './config';
import { webPageNotFound, webRoutes } from './web/web-routes';
import { opsRoutes } from './ops/ops-routes';
import { NO_DEAD_LETTER_TAIL, OpsSummarySource } from './ops/ops-summary';
import { createRateLimit, type RateLimit } from './limits/rate-limit';
import { rateLimitedRoutes } from './limits/rate-limited-routes';
import { addressKey, trustProxies, verifiedIdentityKey } from './limits/identity-key';
import { TrustedProxies } from './limits/trusted-proxies';
import { subgraphDataSource } from './subgraphs/subgraph-data-source';
import { subgraphReadiness } from './subgraphs/subgraph-readiness';
import { useOperationChecks } from './plugins/use-operation-checks';
import { useOperationLimits } from './plugins/use-operation-limits';
import { useSignInLimit } from './plugins/use-sign-in-limit';
import { ConnectionCap } from './limits/connection-cap';
import { attachGatewayWebSockets } from './subscriptions/transport/gateway-websockets';
import { sseStream } from './subscriptions/transport/sse-stream';
import { SubscriptionService } from './subscriptions/subscription-service';
import { SubscriptionPlanner } from './subscriptions/planning/subscription-planner';

export interface RunningGateway extends Stoppable {
  url: string;
  port: number;
  /** Subscriptions open on subgraphs now. */
  upstreamSubscriptions(): number;
}

export interface StartGatewayOptions {
  log?: Logger;
  /**
   * The event bus the services share, when the gateway runs beside them (embedded mode);
   * omitted, the gateway opens Kafka itself when KAFKA_BROKERS is set, else reads no events.
   */
  bus?: EventBus;
}

/**
 * The gateway: @apollo/gateway over the committed, statically composed supergraph (no
 * runtime introspection, no Apollo uplink), served with the same HTTP kit as the
 * subgraphs, plus the offline console at /graphiql when configured. Every operation is held
 * to the operation limits, over HTTP and WebSocket alike, before it is planned.
 */
export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const log = options.log ?? createLogger('gateway', config.logLevel);
  // @apollo/gateway reports usage data to Apollo unless told not to; this product runs offline.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  trustProxies(new TrustedProxies(config.trustedProxies));
  const supergraphSdl = readSupergraph(config.supergraphPath);
  const authenticator = new Authenticator(await TokenVerifier.create(config.auth), config.auth.delegators);
  const tokens = await serviceTokens('gateway', config.auth);
  const credentials = new SubgraphCredentials(tokens);
  const metrics = createMetrics('gateway');
  const sharedFetches = new Counter({
    name: 'gateway_subgraph_fetches_shared_total',
    help: 'Subgraph query fetches answered by an identical one already in flight (not sent), by subgraph.',
    labelNames: ['subgraph'],
    registers: [metrics.registry],
  });
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    buildService: ({ name, url }) => {
      const configured = config.subgraphUrls[name] ?? url;
      if (!configured) throw new Error(`no URL for subgraph ${name}`);
      return subgraphDataSource(
        name,
        configured,
        config.subgraphTimeoutMs,
        credentials,
        config.subgraphDedupe ? () => sharedFetches.inc({ subgraph: name }) : null,
      );
    },
  });
  // Redis holds only the rate limits' counts here; without a limit there is nothing to share.
  const limited = config.rateLimit.points > 0 || config.signInLimit.points > 0;
  const redis = config.redisUrl && limited ? createRedis(config.redisUrl, log) : null;
  if (redis) await redisSettled(redis, 3000);
  const rateLimit = createRateLimit({ ...config.rateLimit, redis, log });
  const signInLimit = createRateLimit({
    ...config.signInLimit,
    keyPrefix: `${config.rateLimit.keyPrefix}:sign-in`,
    redis,
    log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatError(log),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    parseOptions: { maxTokens: config.maxTokens },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      useOperationChecks(),
      useOperationLimits(config.limits),
      useSignInLimit(signInLimit),
    ],
  });
  await apollo.start();
  // Only Kafka is worth opening here: an in-process bus of the gateway's own would never carry a letter.
  const ownBus = !options.bus && config.eventBus.kind === 'kafka' ? createEventBus(config.eventBus, log) : null;
  const bus = options.bus ?? ownBus;
  const deadLetters = bus ? new DeadLetterDesk(bus, processGroupId('gateway-dlq-tail', config.instanceId), log) : null;
  const planner = new SubscriptionPlanner(supergraphSdl);
  // WebSockets and event streams from one address count against one cap.
  const connections = new ConnectionCap(config.subscriptions.connectionsPerIdentity);
  const subscriptionService = new SubscriptionService({
    planner,
    subgraphUrls: config.subgraphUrls,
    log,
    registry: metrics.registry,
    clientBuffer: config.subscriptions.clientBuffer,
    batchWindowMs: config.subscriptions.batchWindowMs,
    upstreamFilterMax: config.subscriptions.upstreamFilterMax,
    maxUpdatesPerSecond: config.subscriptions.maxUpdatesPerSecond,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    maxTokens: config.maxTokens,
    credentials,
    limits: config.limits,
    rateLimit,
    maxSubscriptions: config.subscriptions.maxTotal,
  });
  if (!deadLetters)
    log.info('no event bus (KAFKA_BROKERS is unset): the operations summary lists no recent dead letters');
  const server = createHttpServer({
    routes: [
      ...rateLimitedRoutes(
        graphqlRoutes(
          apollo,
          (req, caller) =>
            Promise.resolve({
              caller,
              authorization: caller.subject === null ? null : (req.headers.authorization ?? null),
              address: addressKey(req),
            }),
          {
            maxRequestBytes: (caller) =>
              caller.subject === null ? config.maxAnonymousRequestBytes : config.maxRequestBytes,
            maxJsonDepth: config.maxJsonDepth,
            // A tokenless caller browses as anonymous; a bad token is refused (401) before anything is read.
            authenticate: (req) =>
              authenticator.callerOf({ authorization: req.headers.authorization }, { required: false }),
            // Accept: text/event-stream: a subscription over server-sent events.
            eventStream: sseStream(subscriptionService, planner.apiSchema, connections),
          },
        ),
        rateLimit,
        verifiedIdentityKey(authenticator),
      ),
      ...webRoutes(config.webDistPath, { console: config.console }),
      ...rateLimitedRoutes(
        opsRoutes(
          new OpsSummarySource(
            metricsUrls(config.subgraphUrls),
            config.metricsToken,
            deadLetters ?? NO_DEAD_LETTER_TAIL,
          ),
          authenticator,
          config.subgraphUrls.inventory ? new URL('/ledger/export', config.subgraphUrls.inventory).toString() : null,
        ),
        rateLimit,
        verifiedIdentityKey(authenticator),
      ),
      // Sign-ins spend the same budget: a script cannot mint tokens (or guess store keys) faster than it may query.
      ...rateLimitedRoutes(
        await issuerRoutes(config, () => tokens.authorization(), signInLimit),
        rateLimit,
        verifiedIdentityKey(authenticator),
      ),
    ],
    readiness: subgraphReadiness(config.subgraphUrls),
    metrics,
    metricsToken: config.metricsToken,
    pageNotFound: webPageNotFound(config.webDistPath),
    log,
  });
  const webSockets = attachGatewayWebSockets(server, subscriptionService, {
    log,
    registry: metrics.registry,
    maxPerConnection: config.subscriptions.maxPerConnection,
    maxPayloadBytes: config.maxRequestBytes,
    authenticator,
    rateLimit,
    connections,
  });
  const running = await listen(server, config.host, config.port);
  deadLetters?.start();
  log.info(
    {
      url: `${running.url}/graphql`,
      console: config.console ? `${running.url}/graphiql` : 'off (CONSOLE=true serves it)',
    },
    'gateway listening',
  );
  return {
    url: `${running.url}/graphql`,
    port: running.port,
    upstreamSubscriptions: () => subscriptionService.upstreamCount,
    stop: async () => {
      await deadLetters?.stop();
      await webSockets.close();
      await subscriptionService.close();
      await running.close();
      await apollo.stop();
      await ownBus?.close();
      redis?.disconnect();
    },
  };
}

/** The development issuer's token and JWKS endpoints, when this gateway is the development issuer. */
async function issuerRoutes(
  config: GatewayConfig,
  authorization: () => Promise<string>,
  signInLimit: RateLimit,
): Promise<Route[]> {
  if (config.auth.keys.kind !== 'dev') return [];
  const inventory = config.subgraphUrls.inventory;
  if (!inventory) throw new Error('no URL for subgraph inventory (INVENTORY_URL): store API keys are checked there');
  return tokenRoutes({
    issuer: await DevIssuer.open(config.auth.keys.keyFile, config.auth),
    userTokenSeconds: config.auth.userTokenSeconds,
    storeTokenSeconds: config.auth.storeTokenSeconds,
    storeKeys: new StoreKeyExchange(
      new GraphQLClient('inventory', inventory, config.subgraphTimeoutMs, { caller: 'gateway', authorization }),
    ),
    demoPassword: demoPassword(config.auth.dataDir, config.auth.demoPassword),
    signInLimit,
  });
}

/** Each subgraph's /metrics, beside its /graphql. */
function metricsUrls(subgraphUrls: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(subgraphUrls).map(([name, url]) => [name, new URL('/metrics', url).toString()]),
  );
}

function readSupergraph(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the supergraph at ${file} (SUPERGRAPH_PATH): ${(error as Error).message}; run \`npm run compose\``,
      { cause: error },
    );
  }
}
