import { type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * The operation's variables coerced to their declared types, as execution would see them
 * (a single value given for a list becomes a list of one; a missing required one is an
 * error), or the errors that say which one is wrong and why.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown>,
): { values: Record<string, unknown> } | { errors: readonly GraphQLError[] } {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 10 });
  return coerced.errors ? { errors: coerced.errors } : { values: coerced.coerced };
}
