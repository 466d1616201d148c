import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DEFAULT_INPUT_LIMITS, type InputLimits, inputViolation } from '@stockgraph/runtime';

/**
 * Holds every caller of a subgraph, the gateway's or anyone with a token who calls it
 * straight, to the gateway's input limits (undeclared variables, the longest list, the
 * number of values): refused with HTTP 400 and the limit's code before the variables are
 * coerced or a resolver runs, so a 30,000-line order costs a walk of its variables.
 */
export function inputLimits<Context extends BaseContext>(
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, request }) {
          if (!operation) return Promise.resolve();
          const refusal = inputViolation(operation, request.variables ?? {}, limits);
          if (!refusal) return Promise.resolve();
          return Promise.reject(
            new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } }),
          );
        },
      });
    },
  };
}
