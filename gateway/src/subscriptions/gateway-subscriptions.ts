import type http from 'node:http';
import { type AuthenticatedCaller, type Authenticator, batchSocketWrites, CONNECTION_AUTH_KEYS, DomainError, type Logger, serveGraphqlTransportWs, WS_CLOSE } from '@stockgraph/shared';
import { type SubgraphCredentials, subscriptionScope } from '../auth/subgraph-credentials';
import { getOperationAST, GraphQLError, Kind, type OperationDefinitionNode, OperationTypeNode, parse, validate } from 'graphql';
import { WebSocketServer } from 'ws';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type OperationLimits, operationLimitViolation } from '../limits/operation-limits';
import { ConnectionCap } from '../limits/connection-cap';
import { callerKey } from '../limits/identity-key';
import { type RateLimit, rateLimitedError } from '../limits/rate-limit';
import { upgradeGuard } from '../limits/upgrade-guard';
import { EntityBatcher } from './entity-batcher';
import { liveSelection } from './live-selection';
import { PlanExecutor } from './plan-executor';
import { type ClientSubscription, SubscriptionGroups } from './subscription-groups';
import { type SubscriptionPlanner } from './subscription-planner';
import { UpstreamHub } from './upstream-hub';
import { coerceVariables } from './variable-coercion';

/** How long a replaced upstream subscription stays open beside its successor, so no event falls between them. */
const UPSTREAM_OVERLAP_MS = 2000;
/** Bytes a client may leave unread on its socket before its subscriptions stop being written (and their queues coalesce). */
const SOCKET_HIGH_WATER_BYTES = 1_048_576;

export interface GatewaySubscriptionOptions {
  planner: SubscriptionPlanner;
  /** Subgraph name → GraphQL URL (http); sockets use the same path over ws. */
  subgraphUrls: Record<string, string>;
  log: Logger;
  registry: Registry;
  /** Most subscriptions one connection may hold. */
  maxPerConnection: number;
  /** Results queued per slow client before coalescing. */
  clientBuffer: number;
  /** How long entity fetches of close events wait to share a request. */
  batchWindowMs: number;
  /** Filter values an upstream carries for its clients before it watches everything instead. */
  upstreamFilterMax: number;
  subgraphTimeoutMs: number;
  /** Largest WebSocket frame accepted; a bigger one closes the socket (1009) unread. */
  maxPayloadBytes: number;
  /** Most lexical tokens a subscription document may have, as over HTTP. */
  maxTokens: number;
  /** Reads the token in `connection_init` (none: anonymous). */
  authenticator: Authenticator;
  /** How upstream sockets and entity fetches authenticate. */
  credentials: SubgraphCredentials;
  /** The operation limits, as over HTTP. */
  limits: OperationLimits;
  /** The per-identity budget HTTP requests spend too: each connection attempt and each subscribe costs one. */
  rateLimit: RateLimit;
  /** Most connections open at once from one address; 0: no cap. */
  connectionsPerAddress: number;
  /** Most client subscriptions this instance holds at once, over every connection. */
  maxSubscriptions: number;
}

export interface GatewaySubscriptions {
  /** Upstream subscriptions open now (shared ones count once). */
  upstreamCount(): number;
  /** Closes every socket (1001: clients come back) and every upstream. */
  close(): Promise<void>;
}

interface ConnectionState {
  active: number;
  caller: AuthenticatedCaller;
  /** Closes the socket when the caller's token expires. */
  expiry: NodeJS.Timeout | undefined;
}

/**
 * Federated subscriptions on the gateway's port, over graphql-ws. @apollo/gateway cannot
 * execute a subscription plan, so this does: it validates the operation against the API
 * schema, plans it with @apollo/query-planner, opens the plan's primary fetch as a
 * subscription on the owning subgraph, completes every event with the plan's entity
 * fetches into other subgraphs, and shapes the result to the client's selection.
 */
export function attachGatewaySubscriptions(server: http.Server, options: GatewaySubscriptionOptions): GatewaySubscriptions {
  const { planner, log } = options;
  const urlOf = (serviceName: string): string => {
    const url = options.subgraphUrls[serviceName] ?? planner.subgraphUrls.get(serviceName);
    if (!url) throw new GraphQLError(`no URL for subgraph ${serviceName}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    return url;
  };
  const registers = [options.registry];
  const upstreamGauge = new Gauge({ name: 'gateway_upstream_subscriptions', help: 'Subscriptions open on subgraphs (shared ones count once).', registers });
  const groupGauge = new Gauge({ name: 'gateway_subscription_groups', help: 'Distinct selections subscribed to (clients differing only in filter values, such as skus, share one).', registers });
  const clientGauge = new Gauge({ name: 'gateway_client_subscriptions', help: 'Client subscriptions open now.', registers });
  const delivered = new Counter({ name: 'gateway_subscription_events_total', help: 'Event results queued for clients.', registers });
  const completion = new Histogram({
    name: 'gateway_subscription_event_seconds',
    help: 'From an upstream event arriving to its result being queued for clients (entity fetches and shaping).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  const lost = new Counter({
    name: 'gateway_subscription_losses_total',
    help: 'Results a slow client did not get: coalesced into a newer one with the same identity, or dropped.',
    labelNames: ['kind'],
    registers,
  });

  const refusals = new Counter({
    name: 'gateway_websocket_refusals_total',
    help: 'WebSocket upgrades and subscribes refused by a limit: rate_limited, connection_limit, subscription_limit (this instance is full).',
    labelNames: ['reason'],
    registers,
  });

  const hub = new UpstreamHub(log, (scope) => options.credentials.connectionParams(scope), (n) => upstreamGauge.set(n));
  const batcher = new EntityBatcher(urlOf, (scope) => options.credentials.headers(scope), { windowMs: options.batchWindowMs, maxRepresentations: 500, timeoutMs: options.subgraphTimeoutMs });
  const executor = new PlanExecutor(planner.supergraphSchema, batcher.fetch);
  const groups = new SubscriptionGroups(
    planner.apiSchema,
    executor,
    hub,
    urlOf,
    {
      delivered: (count) => delivered.inc(count),
      completed: (seconds) => completion.observe(seconds),
      lost: (kind) => lost.inc({ kind }),
      groups: (n) => groupGauge.set(n),
    },
    log,
    { bufferSize: options.clientBuffer, maxFilterValues: options.upstreamFilterMax, overlapMs: UPSTREAM_OVERLAP_MS },
  );

  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
    verifyClient: upgradeGuard(new ConnectionCap(options.connectionsPerAddress), options.rateLimit, (reason) => refusals.inc({ reason })),
  });
  batchSocketWrites(wss);
  new Gauge({
    name: 'gateway_websocket_connections',
    help: 'WebSocket connections open now.',
    registers,
    collect() {
      this.set(wss.clients.size);
    },
  });
  const written = new Histogram({
    name: 'gateway_subscription_write_seconds',
    help: 'From a result being queued for a client to its bytes being written to the socket (time spent waiting in the client queue).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  let open = 0;
  serveGraphqlTransportWs<ConnectionState>(
    wss,
    {
      connect: async (params, _request, close) => {
        const authorization = params[CONNECTION_AUTH_KEYS.authorization];
        let caller: AuthenticatedCaller;
        try {
          caller = await options.authenticator.callerOf({ authorization: typeof authorization === 'string' ? authorization : undefined }, { required: false });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return { close: WS_CLOSE.unauthorized, reason: error.message.slice(0, 120) };
        }
        // The socket lives no longer than the token: the client reconnects with a fresh one.
        const expiry =
          caller.expiresAt === null ? undefined : setTimeout(() => close(WS_CLOSE.unauthorized, 'the token has expired; reconnect with a fresh one'), Math.max(0, caller.expiresAt - Date.now()));
        expiry?.unref();
        return { state: { active: 0, caller, expiry } };
      },
      closed: (state) => clearTimeout(state.expiry),
      completed: (state) => {
        if (state.active > 0) {
          state.active -= 1;
          open -= 1;
          clientGauge.dec();
        }
      },
      subscribe: async (state, request, payload) => {
        // First and before anything is parsed: a burst of subscribes costs the burst's sender, not the gateway.
        const decision = await options.rateLimit.consume(callerKey(state.caller, request));
        if (!decision.allowed) {
          refusals.inc({ reason: 'rate_limited' });
          return [rateLimitedError(decision.retryAfterMs)];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens });
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const variables = payload.variables ?? {};
        const operation = getOperationAST(document, payload.operationName);
        // Limits first: their check is linear in the document whatever its fragments expand
        // to, while validation compares overlapping fields pairwise.
        const refusal = operation && operationLimitViolation(planner.apiSchema, document, operation, variables, options.limits);
        if (refusal) return [refusal];
        const errors = validate(planner.apiSchema, document);
        if (errors.length > 0) return errors;
        if (!operation) return [new GraphQLError('Name the operation to run with operationName.', { extensions: { code: 'OPERATION_NAME_REQUIRED' } })];
        if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', { extensions: { code: 'OPERATION_NOT_SUPPORTED' } })];
        }
        const coercion = coerceVariables(planner.apiSchema, operation, variables);
        if ('errors' in coercion) return coercion.errors;
        if (state.active >= options.maxPerConnection) {
          return [new GraphQLError(`A connection may hold at most ${options.maxPerConnection} subscriptions; complete one or open another connection.`, { extensions: { code: 'SUBSCRIPTION_LIMIT' } })];
        }
        if (open >= options.maxSubscriptions) {
          refusals.inc({ reason: 'subscription_limit' });
          return [
            new GraphQLError('This gateway holds all the subscriptions it can; retry later (another instance may have room).', {
              extensions: { code: 'GATEWAY_SUBSCRIPTION_LIMIT', category: 'UNAVAILABLE' },
            }),
          ];
        }
        let selection;
        let plan;
        try {
          selection = liveSelection(planner.apiSchema, planner.liveFilters, document, payload.operationName, coercion.values);
          plan = planner.plan(selection.document, undefined);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          log.error({ err: error }, 'planning a subscription failed');
          return [new GraphQLError('This subscription could not be planned.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
        state.active += 1;
        open += 1;
        clientGauge.inc();
        const subscription: ClientSubscription = {
          document,
          operationName: payload.operationName,
          variables: coercion.values,
          scope: subscriptionScope(state.caller, rootFieldNames(operation)),
          selection,
          plan,
        };
        return groups.join(subscription);
      },
    },
    { initTimeoutMs: 3000, keepAliveMs: 12_000, highWaterBytes: SOCKET_HIGH_WATER_BYTES, written: (seconds) => written.observe(seconds), log },
  );

  return {
    upstreamCount: () => hub.size,
    close: async () => {
      // A restart does not end anyone's subscription: graphql-ws closes each socket with 1001
      // (going away), which clients take as "reconnect", so they subscribe again, here or on
      // another instance. Completing them would leave every screen silently stale.
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await hub.close();
    },
  };
}

/** The root fields a subscription selects (fragments at the root are not allowed for subscriptions' single field, but are read anyway). */
function rootFieldNames(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : ['*']));
}
