import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import {
  createHttpServer,
  createLogger,
  createMetrics,
  createRedis,
  redisSettled,
  formatError,
  graphqlRoutes,
  listen,
  type Logger,
  type Stoppable,
} from '@stockgraph/shared';
import type { GatewayConfig } from './config';
import { consoleRoutes } from './console/console-routes';
import { createRateLimit } from './limits/rate-limit';
import { rateLimitedRoutes } from './limits/rate-limited-routes';
import { subgraphDataSource } from './subgraphs/subgraph-data-source';
import { subgraphReadiness } from './subgraphs/subgraph-readiness';
import { useOperationChecks } from './plugins/use-operation-checks';
import { attachGatewaySubscriptions } from './subscriptions/gateway-subscriptions';
import { SubscriptionPlanner } from './subscriptions/subscription-planner';

export interface RunningGateway extends Stoppable {
  url: string;
  port: number;
  /** Subscriptions open on subgraphs now. */
  upstreamSubscriptions(): number;
}

/**
 * The gateway: @apollo/gateway over the committed, statically composed supergraph (no
 * runtime introspection, no Apollo uplink), served with the same HTTP kit as the
 * subgraphs, plus the offline console at /graphiql.
 */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger('gateway', config.logLevel)): Promise<RunningGateway> {
  // @apollo/gateway reports usage data to Apollo unless told not to; this product runs offline.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const supergraphSdl = readSupergraph(config.supergraphPath);
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    buildService: ({ name, url }) => {
      const configured = config.subgraphUrls[name] ?? url;
      if (!configured) throw new Error(`no URL for subgraph ${name}`);
      return subgraphDataSource(configured, config.subgraphTimeoutMs);
    },
  });
  const apollo = new ApolloServer({
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
    ],
  });
  await apollo.start();
  const metrics = createMetrics('gateway');
  // Redis holds only the rate limit's counts here; without a limit there is nothing to share.
  const redis = config.redisUrl && config.rateLimit.points > 0 ? createRedis(config.redisUrl, log) : null;
  if (redis) await redisSettled(redis, 3000);
  const rateLimit = createRateLimit({ ...config.rateLimit, redis, log });
  const server = createHttpServer({
    routes: [
      ...rateLimitedRoutes(graphqlRoutes(apollo, () => Promise.resolve({}), { maxRequestBytes: config.maxRequestBytes }), rateLimit),
      ...consoleRoutes(),
    ],
    readiness: subgraphReadiness(config.subgraphUrls),
    metrics,
    metricsToken: config.metricsToken,
    log,
  });
  const subscriptions = attachGatewaySubscriptions(server, {
    planner: new SubscriptionPlanner(supergraphSdl),
    subgraphUrls: config.subgraphUrls,
    log,
    registry: metrics.registry,
    maxPerConnection: config.subscriptions.maxPerConnection,
    clientBuffer: config.subscriptions.clientBuffer,
    batchWindowMs: config.subscriptions.batchWindowMs,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    maxPayloadBytes: config.maxRequestBytes,
    maxTokens: config.maxTokens,
    rateLimit,
    connectionsPerAddress: config.subscriptions.connectionsPerIdentity,
    maxSubscriptions: config.subscriptions.maxTotal,
  });
  const running = await listen(server, config.host, config.port);
  log.info({ url: `${running.url}/graphql`, console: `${running.url}/graphiql` }, 'gateway listening');
  return {
    url: `${running.url}/graphql`,
    port: running.port,
    upstreamSubscriptions: () => subscriptions.upstreamCount(),
    stop: async () => {
      await subscriptions.close();
      await running.close();
      await apollo.stop();
      redis?.disconnect();
    },
  };
}

function readSupergraph(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the supergraph at ${file} (SUPERGRAPH_PATH): ${(error as Error).message}; run \`npm run compose\``, { cause: error });
  }
}
