import type { FrameworkClass } from './framework-class';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { roleChecker } from './auth-checker';
import { LIVE_FILTER_SDL } from './graphql/live-filter';

/** Resolves an entity representation (`{ __typename, ...key }`) for `_entities`. */
export type ReferenceResolver<Context> = (reference: Record<string, unknown>, context: Context) => unknown;

export interface SubgraphSchemaOptions<Context> {
  /** Resolver classes. */
  resolvers: NonEmptyArray<FrameworkClass>;
  /** Types not reachable from a resolver but part of the schema (entity stubs). */
  orphanedTypes?: FrameworkClass[];
  /** `__resolveReference` per entity type name. */
  references?: Record<string, ReferenceResolver<Context>>;
  /** Resolver instances, built by the service's composition root with their dependencies. */
  container?: { get(someClass: unknown): unknown };
}

/**
 * type-graphql refuses to build subscriptions without a PubSub, even when every
 * subscription brings its own `subscribe` (ours are fed from Kafka). This one says so
 * if anything ever tries to use it.
 */
const NO_PUBSUB = {
  publish(): void {
    throw new Error('stockgraph subscriptions publish through the event bus, not type-graphql PubSub');
  },
  subscribe(): never {
    throw new Error('stockgraph subscriptions need a `subscribe` option of their own');
  },
};

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@composeDirective"])';

/**
 * type-graphql classes → SDL with federation directives → `buildSubgraphSchema`.
 * Without a container (as when `schema/` prints SDL) the schema is complete but its
 * resolvers cannot run; that is all printing needs.
 */
export async function buildFederatedSchema<Context>(options: SubgraphSchemaOptions<Context>): Promise<GraphQLSchema> {
  const schema = await buildServiceSchema(options);
  const typeDefs = parse(`${FEDERATION_LINK}\n${LIVE_FILTER_SDL}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, resolveReference] of Object.entries(options.references ?? {})) {
    const existing = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    resolvers[typeName] = { ...existing, __resolveReference: resolveReference };
  }
  return buildSubgraphSchema({ typeDefs, resolvers });
}

/**
 * type-graphql classes → an executable schema, as every service builds it (dates, roles,
 * resolver instances from the composition root); services outside the supergraph (the
 * store) serve it as it is.
 */
export function buildServiceSchema<Context>(
  options: Omit<SubgraphSchemaOptions<Context>, 'references'>,
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    container: options.container ? { get: (someClass) => options.container?.get(someClass) } : undefined,
    validate: false,
    emitSchemaFile: false,
    pubSub: NO_PUBSUB,
    // `@Authorized(...roles)` everywhere means the caller's verified roles (context.caller).
    authChecker: roleChecker,
  });
}
