import { type DocumentNode, Kind, parse, print } from 'graphql';
import type { LiveFilterSpec } from '../../src/subscriptions/planning/filter-directives';
import { liveSelection } from '../../src/subscriptions/planning/live-selection';
import type { ClientSubscription } from '../../src/subscriptions/sharing/selection-registry';
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
  const selection = liveSelection(tickSchema, TICK_FILTERS, document, undefined, variables);
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
