import { canonicalJson, CoalescingQueue, type Logger } from '@stockgraph/shared';
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
import type { PlanExecutor } from './plan-executor';
import { shapeResult } from './result-shaper';
import type { SubscriptionPlan } from './subscription-planner';
import type { UpstreamHub } from './upstream-hub';

export interface ClientSubscription {
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Who the upstream work is for (see auth/subgraph-credentials.ts): shared by everyone for public fields. */
  scope: string;
  plan: SubscriptionPlan;
}

export interface GroupMetrics {
  delivered(): void;
  /** Seconds from an upstream event arriving to its result being queued for the group's clients. */
  completed(seconds: number): void;
  lost(kind: 'coalesced' | 'dropped'): void;
  groups(count: number): void;
}

interface Group {
  members: Set<CoalescingQueue<ExecutionResult>>;
  release(): void;
  /** Results of events still being completed, in arrival order, with when each arrived. */
  pending: Array<{ arrived: number; result: Promise<ExecutionResult | null> }>;
  draining: boolean;
}

/**
 * Clients asking the same thing (operation, variables, credentials) form a group: each
 * event runs the rest of the plan and is shaped once, then goes to every member. Events
 * are completed concurrently, so their entity fetches batch together, but delivered in
 * the order they arrived. Each client has a bounded queue: a slow client gets the latest
 * value per identity (the event's ID fields) rather than an ever-growing backlog.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly apiSchema: GraphQLSchema,
    private readonly executor: PlanExecutor,
    private readonly hub: UpstreamHub,
    private readonly urlOf: (serviceName: string) => string,
    private readonly metrics: GroupMetrics,
    private readonly log: Logger,
    private readonly bufferSize: number,
  ) {}

  /** Joins (or forms) the client's group; ending the returned iterator leaves it. */
  join(subscription: ClientSubscription): AsyncIterableIterator<ExecutionResult> {
    const key = canonicalJson([subscription.operationName ?? null, subscription.plan.primary.operation, subscription.variables, subscription.scope, keyText(subscription.document)]);
    let group = this.groups.get(key);
    if (!group) {
      group = this.form(key, subscription);
      this.groups.set(key, group);
      this.metrics.groups(this.groups.size);
    }
    const owner = group;
    const identity = identityOf(this.apiSchema, subscription.document, subscription.operationName);
    const queue: CoalescingQueue<ExecutionResult> = new CoalescingQueue<ExecutionResult>(
      this.bufferSize,
      identity,
      () => {
        owner.members.delete(queue);
        if (owner.members.size === 0 && this.groups.get(key) === owner) {
          this.groups.delete(key);
          this.metrics.groups(this.groups.size);
          owner.release();
        }
      },
      (kind) => this.metrics.lost(kind),
    );
    owner.members.add(queue);
    return queue;
  }

  private form(key: string, subscription: ClientSubscription): Group {
    const { plan, document, operationName, variables } = subscription;
    const group: Group = { members: new Set(), release: () => undefined, pending: [], draining: false };
    const upstreamVariables: Record<string, unknown> = {};
    for (const name of plan.primary.variableUsages ?? []) if (name in variables) upstreamVariables[name] = variables[name];
    group.release = this.hub.listen(
      {
        serviceName: plan.primary.serviceName,
        url: this.urlOf(plan.primary.serviceName),
        operation: plan.primary.operation,
        operationName: plan.primary.operationName,
        variables: upstreamVariables,
        scope: subscription.scope,
      },
      {
        next: (data, shared) => {
          // Completing an event writes into it, so groups sharing one upstream each take a copy.
          const own = shared ? structuredClone(data) : data;
          group.pending.push({ arrived: performance.now(), result: this.complete(own, plan, document, operationName, variables, subscription.scope) });
          void this.drain(group);
        },
        fail: (errors) => {
          const members = [...group.members];
          if (errors.length > 0) for (const member of members) member.push({ errors: [...errors] });
          this.groups.delete(key);
          this.metrics.groups(this.groups.size);
          // Let the error reach the clients before their subscriptions complete.
          setImmediate(() => members.forEach((member) => member.close()));
        },
      },
    );
    return group;
  }

  private async complete(
    data: Record<string, unknown>,
    plan: SubscriptionPlan,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
    scope: string,
  ): Promise<ExecutionResult | null> {
    try {
      const errors = plan.rest ? await this.executor.run(plan.rest, data, variables, scope) : [];
      return shapeResult(this.apiSchema, document, operationName, variables, data, errors);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      this.log.error({ err: error }, 'completing a subscription event failed');
      return { errors: [new GraphQLError('Internal error while completing this event; it has been logged.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
  }

  private async drain(group: Group): Promise<void> {
    if (group.draining) return;
    group.draining = true;
    try {
      while (group.pending.length > 0) {
        const head = group.pending[0];
        const result = await head.result;
        group.pending.shift();
        if (!result) continue;
        this.metrics.completed((performance.now() - head.arrived) / 1000);
        for (const member of group.members) {
          member.push(result);
          this.metrics.delivered();
        }
      }
    } finally {
      group.draining = false;
    }
  }
}

function keyText(document: DocumentNode): string {
  return document.loc?.source.body ?? JSON.stringify(document.definitions.map((d) => d.kind));
}

/**
 * What "the same thing" means when a slow client's queue coalesces: the root field's
 * ID-typed fields the client selected (for stockChanged { sku locationId … }, the stock
 * level). Without any, every event is about the same thing and the latest one wins.
 */
function identityOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): (result: ExecutionResult) => string {
  const operation = getOperationAST(document, operationName) as OperationDefinitionNode | null;
  const root = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const rootType = schema.getSubscriptionType();
  if (!operation || !root || root.kind !== Kind.FIELD || !rootType) return () => '';
  const rootName = root.alias?.value ?? root.name.value;
  const fieldType = getNamedType(rootType.getFields()[root.name.value]?.type);
  const fields = fieldType && 'getFields' in fieldType ? fieldType.getFields() : {};
  const ids = (root.selectionSet?.selections ?? [])
    .filter((s) => s.kind === Kind.FIELD && getNamedType(fields[s.name.value]?.type)?.name === 'ID')
    .map((s) => (s.kind === Kind.FIELD ? (s.alias?.value ?? s.name.value) : ''));
  return (result) => {
    const value = (result.data as Record<string, Record<string, unknown> | null> | null | undefined)?.[rootName];
    return ids.map((name) => identity(value?.[name])).join('\u0000');
  };
}

/** An ID field's value as a key part: IDs are strings or numbers; anything else names nothing. */
function identity(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
