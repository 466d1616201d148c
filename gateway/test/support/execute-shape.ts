import {
  type DocumentNode,
  executeSync,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';

/** The merged data is keyed by response names (aliases), exactly as the fetches asked for them. */
const byResponseName: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) =>
  source !== null && typeof source === 'object'
    ? (source as Record<string, unknown>)[info.path.key as string]
    : undefined;

const byTypename: GraphQLTypeResolver<unknown, unknown> = (value) =>
  value !== null && typeof value === 'object'
    ? ((value as { __typename?: string }).__typename ?? undefined)
    : undefined;

/**
 * The reference the gateway's compiled shaper is held to: graphql-js executes the client's
 * own document against the API schema, reading every field from the merged data by its
 * response name. Aliases, fragments, `__typename`, `@include`/`@skip` and nullability
 * come out as for any query. (The gateway did this per event before it compiled shapes.)
 */
export function shapeResult(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  data: Record<string, unknown>,
  errors: readonly GraphQLError[],
): ExecutionResult {
  // Every resolver reads a value already in memory, so execution is synchronous.
  const result = executeSync({
    schema,
    document,
    rootValue: data,
    variableValues: variables,
    ...(operationName ? { operationName } : {}),
    fieldResolver: byResponseName,
    typeResolver: byTypename,
  });
  const all = [...errors, ...(result.errors ?? [])];
  return all.length > 0 ? { data: result.data ?? null, errors: all } : { data: result.data ?? null };
}
