import { type DocumentNode, Kind, parse, print } from 'graphql';
import type { LiveFilterSpec } from '../../src/subscriptions/planning/filter-directives';
import { liveSelection } from '../../src/subscriptions/planning/live-selection';
import type { Logger } from '@stockgraph/runtime';
import { PlanExecutor } from '../../src/subscriptions/execution/plan-executor';
import { type ClientSubscription, SelectionRegistry } from '../../src/subscriptions/sharing/selection-registry';
import type { UpstreamHub } from '../../src/subscriptions/sharing/upstream-hub';
import { tickSchema } from './tick-server';

/** The tick server's one filtered field, marked as the inventory marks stockChanged. */
export const TICK_FILTERS: ReadonlyMap<string, readonly LiveFilterSpec[]> = new Map([
  ['filteredTicks', [{ argument: 'ids', field: 'id', max: 100 }]],
]);

/** A client's subscription to the tick server as the gateway builds it, with the selection's own text as its (single-fetch) plan. */
export function tickSubscription(
  query: string,
  variables: Record<string, unknown> = {},
  scope = 'one-identity',
): ClientSubscription {
  const document: DocumentNode = parse(query);
  const selection = liveSelection(
    tickSchema,
    { filters: TICK_FILTERS, snapshots: new Map() },
    document,
    undefined,
    variables,
  );
  const operation = selection.document.definitions[0];
  const usages =
    operation?.kind === Kind.OPERATION_DEFINITION
      ? (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value)
      : [];
  return {
    document,
    operationName: undefined,
    variables,
    scope,
    selection,
    plan: {
      primary: {
        kind: 'Fetch',
        serviceName: 'ticks',
        operation: print(selection.document),
        operationName: undefined,
        operationKind: 'subscription' as never,
        variableUsages: usages,
      },
      rest: undefined,
    },
  };
}

/**
 * A selection registry in front of the tick server: no entity fetches, metrics dropped
 * except losses, which go to `losses`.
 */
export function tickRegistry(options: {
  hub: UpstreamHub;
  url: () => string;
  losses: string[];
  log: Logger;
  bufferSize?: number;
  maxFilterValues?: number;
  /** The rate gate's bound; none unless a test asks for one. */
  maxUpdatesPerSecond?: number;
  /** How long a replaced upstream stays beside its successor (300 ms unless a test needs more). */
  overlapMs?: number;
}): SelectionRegistry {
  return new SelectionRegistry({
    apiSchema: tickSchema,
    executor: new PlanExecutor(tickSchema, async () => ({ entities: [], errors: [] })),
    hub: options.hub,
    urlOf: options.url,
    metrics: {
      delivered: () => undefined,
      completed: () => undefined,
      lost: (kind, count = 1) => void options.losses.push(...Array<string>(count).fill(kind)),
      groups: () => undefined,
    },
    log: options.log,
    bufferSize: options.bufferSize ?? 1000,
    maxFilterValues: options.maxFilterValues ?? 100,
    overlapMs: options.overlapMs ?? 300,
    query: () => Promise.reject(new Error('the tick subgraph has no current state')),
    maxUpdatesPerSecond: options.maxUpdatesPerSecond ?? 0,
  });
}
