import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode } from 'graphql';

/** A refusal of the caller's own request: a code, HTTP 400, nothing planned or executed. */
function callerFault(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, category: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/**
 * Refuses, before the gateway plans anything, operations that can only fail: an
 * `operationName` the document does not define, a document of several operations without
 * one, and a subscription sent as a plain HTTP request (@apollo/gateway cannot execute
 * those; they would surface as a masked internal error). Each is the caller's fault and
 * says how to fix it.
 */
export function useOperationChecks(): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, request, document }) {
          if (!operation) {
            const names = document.definitions.flatMap((d) =>
              d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
            );
            return Promise.reject(
              request.operationName
                ? callerFault(
                    'OPERATION_NOT_FOUND',
                    `the document defines no operation named "${request.operationName}"; it defines: ${names.join(', ') || 'none with a name'}`,
                  )
                : callerFault(
                    'OPERATION_NAME_REQUIRED',
                    `the document defines ${names.length} operations (${names.join(', ')}); say which to run with operationName`,
                  ),
            );
          }
          if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
            return Promise.reject(
              callerFault(
                'SUBSCRIPTION_OVER_HTTP',
                'subscriptions are served on this same /graphql URL over WebSocket (graphql-ws protocol, ws:// or wss://), not as HTTP requests',
              ),
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}
