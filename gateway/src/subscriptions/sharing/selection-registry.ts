import { canonicalJson } from '@stockgraph/domain';
import { CoalescingQueue, type Delivery, type Logger } from '@stockgraph/runtime';
import {
  type DocumentNode,
  type ExecutionResult,
  getNamedType,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { LiveSelection } from '../planning/live-selection';
import type { PlanExecutor } from '../execution/plan-executor';
import { compileShape } from '../execution/compiled-shape';
import { type GroupWork, sendCurrentState, type SubgraphQuery } from './current-state';
import { tracedDelivery } from './event-tracing';
import { VersionGate } from './version-gate';
import { type GroupMember, SelectionGroup } from './selection-group';
import type { SubscriptionPlan } from '../planning/subscription-planner';
import type { UpstreamHub } from './upstream-hub';

export interface ClientSubscription {
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Who the upstream work is for (see auth/subgraph-credentials.ts): shared by everyone for public fields. */
  scope: string;
  /** The client's operation as the upstream work sees it; clients with equal selections share that work. */
  selection: LiveSelection;
  /** The plan of the selection's document. */
  plan: SubscriptionPlan;
}

export interface GroupMetrics {
  /** Results queued for clients. */
  delivered(count: number): void;
  /** Seconds from an upstream event arriving to its result being queued for the group's clients. */
  completed(seconds: number): void;
  /** Results a client did not get: coalesced or dropped by its full queue, or replaced by a newer one under the rate gate. */
  lost(kind: 'coalesced' | 'dropped' | 'rate_limited', count?: number): void;
  groups(count: number): void;
}

export interface SelectionRegistryOptions {
  /** The API schema clients' selections are shaped against. */
  apiSchema: GraphQLSchema;
  /** Runs a plan's entity fetches for each event. */
  executor: PlanExecutor;
  /** Opens (and shares) the upstream subscriptions. */
  hub: UpstreamHub;
  /** The GraphQL URL of a subgraph, by its name in the supergraph. */
  urlOf: (serviceName: string) => string;
  metrics: GroupMetrics;
  log: Logger;
  /** Results queued per slow client before it gets latest values only. */
  bufferSize: number;
  /** Filter values an upstream carries before it watches everything instead. */
  maxFilterValues: number;
  /** How long a replaced upstream stays open beside its successor. */
  overlapMs: number;
  /** Most results a client gets about one stock level (one identity) per second; 0: no bound. */
  maxUpdatesPerSecond: number;
  /** Asks a subgraph a query for a scope: the current state a member starts from. */
  query: SubgraphQuery;
}

/**
 * Clients whose subscriptions select the same thing (see LiveSelection) for the same scope
 * form a group, whatever filter values each watches: one upstream, one run of the plan and
 * one result per event, each delivered to the clients it is for. Each client has a bounded
 * queue: a slow client gets the latest value per identity (the event's ID fields) rather
 * than an ever-growing backlog, and never holds up the others.
 */
export class SelectionRegistry {
  private readonly groups = new Map<string, SelectionGroup>();
  /** Each group's completion and shaping, for the current state its members may ask for. */
  private readonly work = new WeakMap<SelectionGroup, GroupWork>();

  constructor(private readonly options: SelectionRegistryOptions) {}

  /** Joins (or forms) the client's group; ending the returned iterator leaves it. */
  join(subscription: ClientSubscription): CoalescingQueue<Delivery> {
    const key = canonicalJson([subscription.selection.text, subscription.selection.variables, subscription.scope]);
    let group = this.groups.get(key);
    if (!group) {
      group = this.form(key, subscription);
      this.groups.set(key, group);
      this.options.metrics.groups(this.groups.size);
    }
    const owner = group;
    const { selection } = subscription;
    const member: GroupMember = {
      filters: selection.filters,
      queue: new CoalescingQueue<Delivery>(
        this.options.bufferSize,
        group.identity,
        () => owner.remove(member),
        (kind) => this.options.metrics.lost(kind),
      ),
      ...(selection.current ? { gate: new VersionGate() } : {}),
    };
    owner.add(member);
    const work = this.work.get(owner);
    // Joined first, read after: a change between the two reaches the member live, and the gate orders both.
    if (selection.current && work) {
      void sendCurrentState(member, work, { ...subscription, run: this.options.query });
    }
    return member.queue;
  }

  private form(key: string, { selection, plan, scope }: ClientSubscription): SelectionGroup {
    const { maxUpdatesPerSecond } = this.options;
    const work: GroupWork = {
      complete: (data) =>
        plan.rest ? this.options.executor.run(plan.rest, data, selection.variables, scope) : Promise.resolve([]),
      shape: this.shaper(selection),
    };
    const group: SelectionGroup = new SelectionGroup(selection, {
      hub: this.options.hub,
      target: (variables) => {
        const upstreamVariables: Record<string, unknown> = {};
        for (const name of plan.primary.variableUsages ?? [])
          if (name in variables) upstreamVariables[name] = variables[name];
        return {
          serviceName: plan.primary.serviceName,
          url: this.options.urlOf(plan.primary.serviceName),
          operation: plan.primary.operation,
          operationName: plan.primary.operationName,
          variables: upstreamVariables,
          scope,
        };
      },
      complete: work.complete,
      shape: work.shape,
      maxFilterValues: this.options.maxFilterValues,
      overlapMs: this.options.overlapMs,
      minIntervalMs: maxUpdatesPerSecond > 0 ? 1000 / maxUpdatesPerSecond : 0,
      identity: identityOf(this.options.apiSchema, selection.shapeDocument),
      metrics: {
        delivered: (count) => {
          this.options.metrics.delivered(count);
          tracedDelivery(selection.rootName, count);
        },
        completed: (seconds) => this.options.metrics.completed(seconds),
        conflated: (count) => this.options.metrics.lost('rate_limited', count),
      },
      log: this.options.log,
      onEmpty: () => {
        if (this.groups.get(key) === group) this.groups.delete(key);
        this.options.metrics.groups(this.groups.size);
      },
    });
    this.work.set(group, work);
    return group;
  }

  /** The selection's result for an event: compiled once for the group, so an event is a walk over its data. */
  private shaper(
    selection: LiveSelection,
  ): (data: Record<string, unknown>, errors: readonly GraphQLError[]) => ExecutionResult {
    const shape = compileShape(this.options.apiSchema, selection.shapeDocument, undefined, selection.variables);
    return (data, errors) => {
      try {
        return shape(data, errors);
      } catch (error) {
        this.options.log.error({ err: error }, 'shaping a subscription event failed');
        return {
          errors: [
            new GraphQLError('Internal error while completing this event; it has been logged.', {
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            }),
          ],
        };
      }
    };
  }
}

/**
 * What "the same thing" means when a slow client's queue coalesces: the root field's
 * ID-typed fields the client selected (for stockChanged { sku locationId … }, the stock
 * level). Without any, every event is about the same thing and the latest one wins.
 */
function identityOf(schema: GraphQLSchema, document: DocumentNode): (delivery: Delivery) => string {
  const operation = getOperationAST(document) as OperationDefinitionNode | null;
  const root = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const rootType = schema.getSubscriptionType();
  if (!operation || !root || root.kind !== Kind.FIELD || !rootType) return () => '';
  const rootName = root.alias?.value ?? root.name.value;
  const fieldType = getNamedType(rootType.getFields()[root.name.value]?.type);
  const fields = fieldType && 'getFields' in fieldType ? fieldType.getFields() : {};
  const ids = (root.selectionSet?.selections ?? [])
    .filter((s) => s.kind === Kind.FIELD && getNamedType(fields[s.name.value]?.type)?.name === 'ID')
    .map((s) => (s.kind === Kind.FIELD ? (s.alias?.value ?? s.name.value) : ''));
  return ({ result }) => {
    const value = (result.data as Record<string, Record<string, unknown> | null> | null | undefined)?.[rootName];
    return ids.map((name) => identity(value?.[name])).join('\u0000');
  };
}

/** An ID field's value as a key part: IDs are strings or numbers; anything else names nothing. */
function identity(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
