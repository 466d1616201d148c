import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Gauge, Registry } from 'prom-client';

const WINDOW_MS = 1000;

/**
 * Counts GraphQL operations by name, and the most of each seen within any one second
 * (a sliding window): how a service can tell what rate its callers really held it to.
 */
export function operationMetrics<Context extends BaseContext>(registry: Registry): ApolloServerPlugin<Context> {
  const total = new Counter({ name: 'graphql_operations_total', help: 'GraphQL operations served, by operation name.', labelNames: ['operation'], registers: [registry] });
  const peak = new Gauge({
    name: 'graphql_operation_peak_per_second',
    help: 'The most operations of a name served within any one-second window since start.',
    labelNames: ['operation'],
    registers: [registry],
  });
  const recent = new Map<string, number[]>();
  const peaks = new Map<string, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          const operation = operationName ?? 'anonymous';
          total.inc({ operation });
          const now = Date.now();
          const stamps = recent.get(operation) ?? [];
          stamps.push(now);
          while (stamps.length > 0 && (stamps[0] as number) <= now - WINDOW_MS) stamps.shift();
          recent.set(operation, stamps);
          if (stamps.length > (peaks.get(operation) ?? 0)) {
            peaks.set(operation, stamps.length);
            peak.set({ operation }, stamps.length);
          }
        },
      };
    },
  };
}
