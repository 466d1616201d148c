// type-graphql and TypeORM read decorator metadata: load the polyfill before any decorated class.
import 'reflect-metadata';

export {
  ConnectionType,
  decodeCursor,
  decodeCursorAs,
  encodeCursor,
  pageSize,
  toConnection,
} from './graphql/connection';
export { liveFilter, liveSnapshot } from './graphql/live-filter';
export { Money } from './graphql/money.type';
export { PageInfo } from './graphql/page-info.type';
export { resolverContainer } from './resolver-container';
export { type SubgraphConfig, loadSubgraphConfig } from './service-config';
export { type RunningSubgraph, openSubgraphRuntime, serveSubgraph } from './subgraph-runtime';
export { type ReferenceResolver, buildFederatedSchema, buildServiceSchema } from './subgraph-schema';
