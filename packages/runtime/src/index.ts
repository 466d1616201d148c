export { type AuthConfig, DEFAULT_AUDIENCE, DEV_ISSUER, loadAuthConfig } from './auth/auth-config';
export {
  ACTING_FOR_HEADER,
  type AuthenticatedCaller,
  Authenticator,
  CONNECTION_AUTH_KEYS,
  encodeActingFor,
} from './auth/authenticator';
export { DevIssuer } from './auth/dev-issuer';
export { demoPassword } from './auth/demo-password';
export { DEFAULT_SCRYPT_COST, PasswordHasher, type ScryptCost } from './auth/password-hasher';
export { type ServiceTokens, serviceTokens } from './auth/service-tokens';
export { TokenVerifier } from './auth/token-verifier';
export { type Redis, createRedis, redisSettled } from './clients/create-redis';
export { GraphQLClient, type UpstreamErrorCode } from './clients/graphql-client';
export { ConfigError, envVar, loadConfig } from './config/load-config';
export type { ServiceName } from './config/service-name';
export { formatError } from './http/format-error';
export {
  type ContextFactory,
  type EventStreamHandler,
  type RequestAuthenticator,
  graphqlRoutes,
} from './http/graphql-route';
export {
  type ReadinessCheck,
  type Route,
  type RunningHttpServer,
  createHttpServer,
  listen,
  sendJson,
} from './http/http-server';
export { BodyTooLargeError, readBody } from './http/read-body';
export { DEFAULT_INPUT_LIMITS, type InputLimitCode, type InputLimits, inputViolation } from './http/input-limits';
export { CONSOLE_CSP, PAGE_CSP, pageHandler, staticPageRoutes } from './http/static-pages';
export { type LogLevel, type Logger, createLogger } from './log/create-logger';
export {
  type Context,
  type Span,
  SpanKind,
  activeTraceparent,
  contextOf,
  endSpan,
  isTracing,
  startSpan,
  traceLogFields,
  traceparentOf,
  withSpanActive,
} from './tracing/trace-context';
export { type ServiceMetrics, createMetrics } from './metrics/create-metrics';
export { LATENCY_BUCKETS } from './metrics/latency-buckets';
export { CALLER_HEADER, CallerBudget } from './server/caller-budget';
export { PeriodicTask, type PeriodicTaskOptions } from './server/periodic-task';
export { type Stoppable, runService } from './server/run-service';
export { SingleFlight } from './server/single-flight';
export { WS_CLOSE, attachSubscriptions } from './ws/attach-subscriptions';
export { batchSocketWrites } from './ws/batch-socket-writes';
export { CoalescingQueue, type PushSource } from './ws/coalescing-queue';
export { Delivery } from './ws/delivery';
export { GRAPHQL_TRANSPORT_WS, type Subscribed, serveGraphqlTransportWs } from './ws/ws-protocol-server';
