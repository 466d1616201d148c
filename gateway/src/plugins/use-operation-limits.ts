import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type OperationLimits, operationLimitViolation } from '../limits/operation-limits';

/**
 * Refuses, with HTTP 400 and the limit's code, an HTTP operation over one of the
 * operation limits, before the gateway plans it.
 *
 * It runs at `didResolveOperation` rather than as a validation rule for two reasons: the
 * cost depends on variables (`first: $n`, `skus: $skus`), which validation does not see;
 * and Apollo rewrites the code of every validation error to GRAPHQL_VALIDATION_FAILED.
 */
export function useOperationLimits(limits: OperationLimits): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request }) {
          // No operation is useOperationChecks' refusal to make.
          if (!operation) return Promise.resolve();
          const refusal = operationLimitViolation(schema, document, operation, request.variables ?? {}, limits);
          if (!refusal) return Promise.resolve();
          return Promise.reject(
            new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } }),
          );
        },
      });
    },
  };
}
