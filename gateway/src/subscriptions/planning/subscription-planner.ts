import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { type DocumentNode, GraphQLError, type GraphQLSchema, print } from 'graphql';
import { type LiveFilterSpec, liveFilterSpecs, type LiveSnapshotSpec, liveSnapshotSpecs } from './filter-directives';

/** How to run one subscription operation across subgraphs. */
export interface SubscriptionPlan {
  /** The subscription opened on the subgraph that owns the field. */
  primary: FetchNode;
  /** What to fetch from other subgraphs for each event, starting from the primary's data. */
  rest: PlanNode | undefined;
}

const CACHE_LIMIT = 1000;

/**
 * Plans subscription operations with @apollo/query-planner — the same planner, and the
 * same version, @apollo/gateway uses for queries — over the committed supergraph.
 * Plans are cached per operation text.
 */
export class SubscriptionPlanner {
  private readonly supergraph: Supergraph;
  private readonly planner: QueryPlanner;
  /** The client-facing schema, for validation and for shaping results. */
  readonly apiSchema: GraphQLSchema;
  /** The supergraph as graphql-js sees it, for `__typename` checks on entity data. */
  readonly supergraphSchema: GraphQLSchema;
  /** Subgraph name → URL, from the supergraph file. */
  readonly subgraphUrls: ReadonlyMap<string, string>;
  /** Subscription field → its `@liveFilter` arguments, as the subgraphs marked them. */
  readonly liveFilters: ReadonlyMap<string, readonly LiveFilterSpec[]>;
  /** The `@liveSnapshot` marks of subscription fields: which can start with the current state. */
  readonly liveSnapshots: ReadonlyMap<string, LiveSnapshotSpec>;
  /** Both, as `liveSelection` reads them. */
  readonly liveMarks: {
    filters: ReadonlyMap<string, readonly LiveFilterSpec[]>;
    snapshots: ReadonlyMap<string, LiveSnapshotSpec>;
  };
  private readonly cache = new Map<string, SubscriptionPlan>();

  constructor(supergraphSdl: string) {
    this.supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(this.supergraph);
    this.apiSchema = this.supergraph.apiSchema().toGraphQLJSSchema();
    this.supergraphSchema = this.supergraph.schema.toGraphQLJSSchema();
    this.subgraphUrls = new Map(this.supergraph.subgraphsMetadata().map(({ name, url }) => [name, url]));
    this.liveFilters = liveFilterSpecs(this.supergraphSchema);
    this.liveSnapshots = liveSnapshotSpecs(this.supergraphSchema);
    this.liveMarks = { filters: this.liveFilters, snapshots: this.liveSnapshots };
  }

  /** Plans a validated subscription document; throws a GraphQLError for anything it cannot run. */
  plan(document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
    const key = `${operationName ?? ''}\u0000${print(document)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(
      this.supergraph.apiSchema(),
      document,
      operationName ? { operationName } : {},
    );
    const { node } = this.planner.buildQueryPlan(operation);
    if (!node || node.kind !== 'Subscription') {
      throw new GraphQLError(
        'Only subscription operations are served over WebSocket; send queries and mutations over HTTP.',
        {
          extensions: { code: 'OPERATION_NOT_SUPPORTED' },
        },
      );
    }
    const plan = { primary: node.primary, rest: node.rest };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, plan);
    return plan;
  }
}
