import {
  type ArgumentNode,
  type ExecutionResult,
  type FieldNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
} from 'graphql';
import { Delivery } from '@stockgraph/runtime';
import { filterVariable, type LiveSelection, orderOf } from '../planning/live-selection';
import type { SubscriptionPlan } from '../planning/subscription-planner';
import type { GroupMember } from './selection-group';

/** Runs a query on one subgraph for a scope (see auth/subgraph-credentials.ts). */
export type SubgraphQuery = (request: {
  serviceName: string;
  query: string;
  variables: Record<string, unknown>;
  scope: string;
}) => Promise<{ data?: Record<string, unknown> | null; errors?: ReadonlyArray<{ message: string }> }>;

/** What a group does with an event's data: the rest of the plan, then the result its clients get. */
export interface GroupWork {
  complete: (data: Record<string, unknown>) => Promise<readonly GraphQLError[]>;
  shape: (data: Record<string, unknown>, errors: readonly GraphQLError[]) => ExecutionResult;
}

/**
 * The primary fetch of a subscription asked again as its `@liveSnapshot` query, for one
 * client: the same selection (hidden routing fields and entity keys included) on the same
 * subgraph, with that client's own filter values written in. Each item it answers is then
 * one event's data, so it passes the same entity fetches and shaping as a live event.
 */
export function currentStateQuery(
  plan: SubscriptionPlan,
  selection: Pick<LiveSelection, 'snapshot' | 'filters'>,
): { query: string; rootName: string } {
  const { snapshot } = selection;
  if (!snapshot) throw new Error('currentStateQuery needs a selection with @liveSnapshot');
  const document = parse(plan.primary.operation);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const root = operation?.selectionSet.selections.find((node): node is FieldNode => node.kind === Kind.FIELD);
  if (!operation || !root) throw new Error('a subscription plan without a root field');
  const lifted = new Map([...selection.filters].map(([argument, values]) => [filterVariable(argument), values]));
  // The query has the filters, not the argument that asks for a current state.
  const asked = filterVariable(snapshot.argument);
  const args: ArgumentNode[] = (root.arguments ?? []).flatMap((arg) => {
    if (arg.value.kind === Kind.VARIABLE && arg.value.name.value === asked) return [];
    if (arg.value.kind !== Kind.VARIABLE || !lifted.has(arg.value.name.value)) return [arg];
    const values = lifted.get(arg.value.name.value);
    // This client's own values; none given means everything, which the query takes as the argument left out.
    if (!values) return [];
    const list = [...values].map((value) => ({ kind: Kind.STRING as const, value }));
    return [{ ...arg, value: { kind: Kind.LIST as const, values: list } }];
  });
  const rootName = root.alias?.value ?? root.name.value;
  const field: FieldNode = {
    ...root,
    alias: { kind: Kind.NAME, value: rootName },
    name: { kind: Kind.NAME, value: snapshot.query },
    arguments: args,
  };
  const query: OperationDefinitionNode = {
    ...operation,
    operation: 'query' as OperationDefinitionNode['operation'],
    variableDefinitions: (operation.variableDefinitions ?? []).filter(
      (d) => !lifted.has(d.variable.name.value) && d.variable.name.value !== asked,
    ),
    selectionSet: { ...operation.selectionSet, selections: [field] },
  };
  return { query: print({ ...document, definitions: [query] }), rootName };
}

/**
 * Gives one member the current state of what it watches: the items in order, each only if
 * the member has nothing of that thing at that version or newer yet. Its group's upstream
 * starts with a current state too (where the filters allow one), which closes the gap
 * between this read and that upstream's registration at the subgraph. A state that cannot
 * be read is said in one error result; the live stream goes on.
 */
export async function sendCurrentState(
  member: GroupMember,
  work: GroupWork,
  request: {
    plan: SubscriptionPlan;
    selection: LiveSelection;
    scope: string;
    run: SubgraphQuery;
  },
): Promise<void> {
  const { plan, selection, scope, run } = request;
  const gate = member.gate;
  try {
    const { query, rootName } = currentStateQuery(plan, selection);
    const answer = await run({ serviceName: plan.primary.serviceName, query, variables: selection.variables, scope });
    const items = answer.data?.[rootName];
    if (!Array.isArray(items)) {
      const reason = answer.errors?.map((e) => e.message).join('; ') ?? 'no data';
      throw new Error(`${plan.primary.serviceName} answered no current state: ${reason}`);
    }
    const events = items.map((item: unknown) => ({ [selection.rootName]: item }));
    // All at once: the entity batcher merges their fetches into one request per subgraph.
    const completed = await Promise.all(events.map((data) => work.complete(data)));
    events.forEach((data, i) => {
      const delivery = new Delivery(work.shape(data, completed[i] ?? []), orderOf(selection, data), true);
      if (gate?.pass(delivery) !== false) member.queue.push(delivery);
    });
  } catch (error) {
    member.queue.push(
      new Delivery({
        errors: [
          new GraphQLError(`The current state could not be read: ${(error as Error).message}. Live changes follow.`, {
            extensions: { code: 'CURRENT_STATE_UNAVAILABLE' },
          }),
        ],
      }),
    );
  }
}
