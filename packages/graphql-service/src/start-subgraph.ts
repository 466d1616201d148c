import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphConfig } from './service-config';
import type { Logger } from '@stockgraph/runtime';
import type { ServiceMetrics } from '@stockgraph/runtime';
import { formatError } from '@stockgraph/runtime';
import { delayFault } from './fault-injection';
import { inputLimits } from './input-limits-plugin';
import { serviceSdlAccess } from './service-sdl-access';
import { operationMetrics } from './operation-metrics';
import type { CallerBudget } from '@stockgraph/runtime';
import { type ContextFactory, graphqlRoutes, type RequestAuthenticator } from '@stockgraph/runtime';
import { createHttpServer, listen, type ReadinessCheck, type Route, type RunningHttpServer } from '@stockgraph/runtime';

export interface StartSubgraphOptions<Context extends BaseContext> {
  config: Pick<SubgraphConfig, 'service' | 'host' | 'port' | 'maxRequestBytes'> &
    Partial<Pick<SubgraphConfig, 'faults' | 'metricsToken'>>;
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
      inputLimits<Context>(),
      serviceSdlAccess<Context>(),
      operationMetrics<Context>(options.metrics.registry, options.callerBudget ? { budget: options.callerBudget } : {}),
      ...[delayFault<Context>(config.faults ?? new Set())].filter((p): p is NonNullable<typeof p> => p !== null),
    ],
  });
  await apollo.start();
  const server = createHttpServer({
    routes: [
      ...graphqlRoutes(apollo, options.context, {
        maxRequestBytes: config.maxRequestBytes,
        authenticate: options.authenticate,
      }),
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
