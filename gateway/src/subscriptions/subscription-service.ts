import type { IncomingMessage } from 'node:http';
import type { AuthenticatedCaller, Delivery, Logger, PushSource, Subscribed } from '@stockgraph/runtime';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  parse,
  validate,
} from 'graphql';
import type { Registry } from 'prom-client';
import { type SubgraphCredentials, subscriptionScope } from '../auth/subgraph-credentials';
import { callerKey } from '../limits/identity-key';
import { type OperationLimits, operationLimitViolation } from '../limits/operation-limits';
import { type RateLimit, rateLimitedError } from '../limits/rate-limit';
import { EntityBatcher } from './execution/entity-batcher';
import { subgraphQuery } from './execution/subgraph-query';
import { liveSelection } from './planning/live-selection';
import { PlanExecutor } from './execution/plan-executor';
import { type ClientSubscription, SelectionRegistry } from './sharing/selection-registry';
import type { SubscriptionPlanner } from './planning/subscription-planner';
import { UpstreamHub } from './sharing/upstream-hub';
import { coerceVariables } from './planning/variable-coercion';
import { type SubscriptionMetrics, subscriptionMetrics } from './subscription-metrics';

/** How long a replaced upstream subscription stays open beside its successor, so no event falls between them. */
const UPSTREAM_OVERLAP_MS = 2000;

export interface SubscriptionServiceOptions {
  planner: SubscriptionPlanner;
  /** Subgraph name → GraphQL URL (http); sockets use the same path over ws. */
  subgraphUrls: Record<string, string>;
  log: Logger;
  registry: Registry;
  /** Results queued per slow client before coalescing. */
  clientBuffer: number;
  /** How long entity fetches of close events wait to share a request. */
  batchWindowMs: number;
  /** Filter values an upstream carries for its clients before it watches everything instead. */
  upstreamFilterMax: number;
  /** Most results a client gets about one stock level per second (the latest value wins); 0: every result. */
  maxUpdatesPerSecond: number;
  subgraphTimeoutMs: number;
  /** Most lexical tokens a subscription document may have, as over HTTP. */
  maxTokens: number;
  /** How upstream sockets and entity fetches authenticate. */
  credentials: SubgraphCredentials;
  /** The operation limits, as over HTTP. */
  limits: OperationLimits;
  /** The per-identity budget HTTP requests spend too: each subscribe costs one. */
  rateLimit: RateLimit;
  /** Most client subscriptions this instance holds at once, over every connection and stream. */
  maxSubscriptions: number;
}

/** What a client asks for, over WebSocket or server-sent events alike. */
export interface SubscribeRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** A connection carrying several subscriptions (a WebSocket), holding at most `max`. */
export interface SubscriptionSlots {
  active: number;
  max: number;
}

/**
 * Federated subscriptions, whatever carries them. @apollo/gateway cannot execute a
 * subscription plan, so this does: it validates the operation against the API schema,
 * plans it with @apollo/query-planner, opens the plan's primary fetch as a subscription on
 * the owning subgraph (shared by every client of the same selection), completes every
 * event with the plan's entity fetches into other subgraphs, and shapes the result.
 */
export class SubscriptionService {
  private readonly hub: UpstreamHub;
  private readonly groups: SelectionRegistry;
  /** The pipeline's metrics; the transports count their refusals and writes here too. */
  readonly metrics: SubscriptionMetrics;
  private open = 0;

  constructor(private readonly options: SubscriptionServiceOptions) {
    const { planner, log } = options;
    const urlOf = (serviceName: string): string => {
      const url = options.subgraphUrls[serviceName] ?? planner.subgraphUrls.get(serviceName);
      if (!url)
        throw new GraphQLError(`no URL for subgraph ${serviceName}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      return url;
    };
    this.metrics = subscriptionMetrics(options.registry);
    this.hub = new UpstreamHub(
      log,
      (scope) => options.credentials.connectionParams(scope),
      (n) => this.metrics.upstreams.set(n),
    );
    const batcher = new EntityBatcher(urlOf, (scope) => options.credentials.headers(scope), {
      windowMs: options.batchWindowMs,
      maxRepresentations: 500,
      timeoutMs: options.subgraphTimeoutMs,
    });
    this.groups = new SelectionRegistry({
      apiSchema: planner.apiSchema,
      executor: new PlanExecutor(planner.supergraphSchema, batcher.fetch),
      hub: this.hub,
      urlOf,
      metrics: this.metrics.groups,
      log,
      bufferSize: options.clientBuffer,
      maxFilterValues: options.upstreamFilterMax,
      overlapMs: UPSTREAM_OVERLAP_MS,
      maxUpdatesPerSecond: options.maxUpdatesPerSecond,
      query: subgraphQuery(urlOf, (scope) => options.credentials.headers(scope), options.subgraphTimeoutMs),
    });
  }

  /** Upstream subscriptions open now (shared ones count once). */
  get upstreamCount(): number {
    return this.hub.size;
  }

  /**
   * Checks, plans and joins a client's subscription; its deliveries, or the errors that
   * say why it may not have them. Every refusal is cheap and comes before planning.
   */
  async start(
    caller: AuthenticatedCaller,
    request: IncomingMessage,
    payload: SubscribeRequest,
    slots?: SubscriptionSlots,
    options?: { resume?: boolean },
  ): Promise<Subscribed> {
    const { planner, limits, log } = this.options;
    // First and before anything is parsed: a burst of subscribes costs the burst's sender, not the gateway.
    const decision = await this.options.rateLimit.consume(callerKey(caller, request));
    if (!decision.allowed) {
      this.metrics.refusals.inc({ reason: 'rate_limited' });
      return [rateLimitedError(decision.retryAfterMs)];
    }
    let document;
    try {
      document = parse(payload.query, { maxTokens: this.options.maxTokens });
    } catch (error) {
      return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const variables = payload.variables ?? {};
    const operation = getOperationAST(document, payload.operationName);
    // Limits first: their check is linear in the document whatever its fragments expand
    // to, while validation compares overlapping fields pairwise.
    const refusal = operation && operationLimitViolation(planner.apiSchema, document, operation, variables, limits);
    if (refusal) return [refusal];
    const errors = validate(planner.apiSchema, document);
    if (errors.length > 0) return errors;
    if (!operation)
      return [
        new GraphQLError('Name the operation to run with operationName.', {
          extensions: { code: 'OPERATION_NAME_REQUIRED' },
        }),
      ];
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [
        new GraphQLError(
          'Only subscriptions are served as streams; send queries and mutations as plain HTTP requests.',
          { extensions: { code: 'OPERATION_NOT_SUPPORTED' } },
        ),
      ];
    }
    const coercion = coerceVariables(planner.apiSchema, operation, variables);
    if ('errors' in coercion) return coercion.errors;
    if (slots && slots.active >= slots.max) {
      return [
        new GraphQLError(
          `A connection may hold at most ${slots.max} subscriptions; complete one or open another connection.`,
          { extensions: { code: 'SUBSCRIPTION_LIMIT' } },
        ),
      ];
    }
    if (this.open >= this.options.maxSubscriptions) {
      this.metrics.refusals.inc({ reason: 'subscription_limit' });
      return [
        new GraphQLError(
          'This gateway holds all the subscriptions it can; retry later (another instance may have room).',
          {
            extensions: { code: 'GATEWAY_SUBSCRIPTION_LIMIT', category: 'UNAVAILABLE' },
          },
        ),
      ];
    }
    let subscription: ClientSubscription;
    try {
      const selection = liveSelection(
        planner.apiSchema,
        planner.liveMarks,
        document,
        payload.operationName,
        coercion.values,
        options?.resume === true,
      );
      subscription = {
        document,
        operationName: payload.operationName,
        variables: coercion.values,
        scope: subscriptionScope(caller, rootFieldNames(operation)),
        selection,
        plan: planner.plan(selection.document, undefined),
      };
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      log.error({ err: error }, 'planning a subscription failed');
      return [
        new GraphQLError('This subscription could not be planned.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      ];
    }
    this.open += 1;
    this.metrics.clients.inc();
    if (slots) slots.active += 1;
    return whenEnded(this.groups.join(subscription), () => {
      this.open -= 1;
      this.metrics.clients.dec();
      if (slots) slots.active -= 1;
    });
  }

  close(): Promise<void> {
    return this.hub.close();
  }
}

/** The iterator (and push source), telling `ended` once when it finishes, is returned or closes. */
function whenEnded(
  iterator: AsyncIterableIterator<Delivery> & PushSource<Delivery>,
  ended: () => void,
): AsyncIterableIterator<Delivery> & PushSource<Delivery> {
  let done = false;
  const end = () => {
    if (!done) {
      done = true;
      ended();
    }
  };
  const wrapped: AsyncIterableIterator<Delivery> & PushSource<Delivery> = {
    attach: (sink) =>
      iterator.attach({
        accept: (delivery) => sink.accept(delivery),
        ended: () => {
          end();
          sink.ended();
        },
      }),
    resume: () => iterator.resume(),
    next: async () => {
      const step = await iterator.next();
      if (step.done) end();
      return step;
    },
    return: async () => {
      end();
      return (await iterator.return?.()) ?? { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
}

/** The root fields a subscription selects (fragments at the root are not allowed for subscriptions' single field, but are read anyway). */
function rootFieldNames(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : ['*'],
  );
}
