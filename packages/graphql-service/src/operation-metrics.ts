import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CallerBudget } from '@stockgraph/runtime';
import { type Caller, hasRole } from '@stockgraph/domain';

const WINDOW_MS = 1000;

export interface OperationMetricsOptions {
  /**
   * Per-caller budgets (services named by their verified token's subject). An
   * operation over its caller's budget is refused with `RATE_LIMITED` before it executes,
   * and is counted only in `graphql_operations_refused_total`, never as served.
   */
  budget?: CallerBudget;
}

/**
 * Counts GraphQL operations by name, and the most of each seen within any one second
 * (a sliding window): how a service can tell what rate its callers really held it to.
 *
 * With a budget, the refusal and the count happen here, in one hook, on one clock
 * reading (the budget's): what the peak reports is exactly what the budget let through,
 * so "never more than N a second" is a property of the service, not of the machine's
 * speed. It runs at `didResolveOperation`: after parsing and validation (which Apollo
 * caches per document, so a refusal costs almost nothing) and before any resolver runs.
 */
export function operationMetrics<Context extends BaseContext>(
  registry: Registry,
  options: OperationMetricsOptions = {},
): ApolloServerPlugin<Context> {
  const { budget } = options;
  const now = budget?.now ?? Date.now;
  const total = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations served, by operation name.',
    labelNames: ['operation'],
    registers: [registry],
  });
  const peak = new Gauge({
    name: 'graphql_operation_peak_per_second',
    help: 'The most operations of a name served within any one-second window since start.',
    labelNames: ['operation'],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'graphql_operations_refused_total',
    help: 'GraphQL operations refused, unexecuted, because their caller had spent its budget; by budget (caller name, or * for the rest) and operation name.',
    labelNames: ['caller', 'operation'],
    registers: [registry],
  });
  const recent = new Map<string, number[]>();
  const peaks = new Map<string, number>();
  return {
    requestDidStart() {
      return Promise.resolve({
        // Apollo's hooks are async by contract; a throw here must reach it as a rejection.
        // eslint-disable-next-line @typescript-eslint/require-await -- nothing to wait for
        async didResolveOperation({ operationName, contextValue }) {
          const operation = operationName ?? 'anonymous';
          const at = now();
          if (budget) {
            const caller = budgetName(contextValue);
            if (!budget.take(caller, at)) {
              // Only configured names become label values: made-up names must not grow the series.
              refused.inc({ caller: budget.accountOf(caller), operation });
              throw rateLimited(caller, budget.limitOf(caller) ?? 0, budget.retryAfterMs(caller, at));
            }
          }
          total.inc({ operation });
          const stamps = recent.get(operation) ?? [];
          stamps.push(at);
          while (stamps.length > 0 && stamps[0] <= at - WINDOW_MS) stamps.shift();
          recent.set(operation, stamps);
          if (stamps.length > (peaks.get(operation) ?? 0)) {
            peaks.set(operation, stamps.length);
            peak.set({ operation }, stamps.length);
          }
        },
      });
    },
  };
}

/**
 * The refusal: `RATE_LIMITED`, category UNAVAILABLE (the caller should answer without
 * this service for now, not retry in a loop), HTTP 429 with Retry-After.
 */
function rateLimited(caller: string | undefined, limit: number, retryAfterMs: number): GraphQLError {
  const who = caller ?? 'an unnamed caller';
  return new GraphQLError(`${who} has spent its budget of ${limit} calls a second; retry in ${retryAfterMs} ms`, {
    extensions: {
      code: 'RATE_LIMITED',
      category: 'UNAVAILABLE',
      retryAfterMs,
      http: {
        status: 429,
        headers: new HeaderMap([['retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000)))]]),
      },
    },
  });
}

/**
 * Budgets are per calling service, named by its verified token's subject (`catalog`,
 * `order`, …), never by a header a caller could set to spend someone else's budget.
 * Everyone else shares `*`.
 */
function budgetName(context: object): string | undefined {
  const caller = (context as { caller?: Caller }).caller;
  return caller && hasRole(caller, 'service') && !caller.via && caller.subject ? caller.subject : undefined;
}
