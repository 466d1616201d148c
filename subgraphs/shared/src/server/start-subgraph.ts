import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphConfig } from '../config/service-config';
import type { Logger } from '../log/create-logger';
import type { ServiceMetrics } from '../metrics/create-metrics';
import { formatError } from './format-error';
import { delayFault } from './fault-injection';
import { operationMetrics } from './operation-metrics';
import type { CallerBudget } from './caller-budget';
import { type ContextFactory, graphqlRoutes, type RequestAuthenticator } from './graphql-route';
import { createHttpServer, listen, type ReadinessCheck, type Route, type RunningHttpServer } from './http-server';

export interface StartSubgraphOptions<Context extends BaseContext> {
  config: Pick<SubgraphConfig, 'service' | 'host' | 'port' | 'maxRequestBytes'> & Partial<Pick<SubgraphConfig, 'faults' | 'metricsToken'>>;
  schema: GraphQLSchema;
  context: ContextFactory<Context>;
  /** Who each request is from; a subgraph refuses tokenless ones here, before reading the body. */
  authenticate: RequestAuthenticator;
  readiness: ReadinessCheck[];
  metrics: ServiceMetrics;
  log: Logger;
  routes?: Route[];
  /** Per-caller budgets this subgraph enforces itself (see operation-metrics.ts); none: no caller is limited. */
  callerBudget?: CallerBudget;
}

/**
 * Serves a subgraph schema over HTTP with the same plugins, error format, limits and
 * probes in every service. Nothing here phones home: landing page, usage reporting and
 * inline traces are off.
 */
export async function startSubgraphServer<Context extends BaseContext>(
  options: StartSubgraphOptions<Context>,
): Promise<RunningHttpServer> {
  const { config, log } = options;
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    formatError: formatError(log),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      operationMetrics<Context>(options.metrics.registry, options.callerBudget ? { budget: options.callerBudget } : {}),
      ...[delayFault<Context>(config.faults ?? new Set())].filter((p): p is NonNullable<typeof p> => p !== null),
    ],
  });
  await apollo.start();
  const server = createHttpServer({
    routes: [
      ...graphqlRoutes(apollo, options.context, { maxRequestBytes: config.maxRequestBytes, authenticate: options.authenticate }),
      ...(options.routes ?? []),
    ],
    readiness: options.readiness,
    metrics: options.metrics,
    metricsToken: config.metricsToken ?? null,
    log,
  });
  const running = await listen(server, config.host, config.port);
  log.info({ url: `${running.url}/graphql` }, `${config.service} subgraph listening`);
  return {
    ...running,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}
