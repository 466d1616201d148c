import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode } from 'graphql';
import { authorizationHeader, onSessionChange } from '../auth/session';
import { createLiveSocket } from './live-socket';

/**
 * The one Apollo Client of the pages: queries and mutations over HTTP to `/graphql`,
 * subscriptions over graphql-ws on the same origin, both as the signed-in user (or
 * anonymous). Products are normalised by sku, so a stock event updates every card and
 * page showing that product.
 */
export function createApolloClient(location: Location = window.location): ApolloClient<unknown> {
  const withAuthorization = new ApolloLink((operation, forward) => {
    const authorization = authorizationHeader();
    if (authorization)
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
        headers: { ...headers, authorization },
      }));
    return forward(operation);
  });
  const socket = createLiveSocket(location, (): Record<string, string> => {
    const authorization = authorizationHeader();
    return authorization ? { authorization } : {};
  });
  // Subscriptions are authorised when the socket opens: a new user needs a new socket.
  onSessionChange(() => socket.restart());
  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
    },
    new GraphQLWsLink(socket.client),
    withAuthorization.concat(new HttpLink({ uri: '/graphql' })),
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Product: { keyFields: ['sku'] },
        Location: { keyFields: ['id'] },
        Order: { keyFields: ['id'] },
        Reservation: { keyFields: ['id'] },
        // Totals and summaries have no id of their own; a newer one simply replaces the older.
        InventorySummary: { merge: true },
        StockSummary: { merge: true },
        Money: { merge: true },
      },
    }),
  });
}
