import { ApolloClient, HttpLink, InMemoryCache, split } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode } from 'graphql';
import { authorizationHeader, currentSession, onSessionChange } from '../auth/session';
import { createLiveSocket } from './live-socket';

/**
 * The one Apollo Client of the pages: queries and mutations over HTTP to `/graphql`,
 * subscriptions over graphql-ws on the same origin, both as the signed-in user (or
 * anonymous). Products are normalised by sku, so a stock event updates every card and
 * page showing that product.
 */
export function createApolloClient(location: Location = window.location): ApolloClient<unknown> {
  // Each request waits for a renewal that is due, so none goes with a token about to lapse.
  const withAuthorization = setContext(async (_request, { headers = {} }: { headers?: Record<string, string> }) => {
    const authorization = await authorizationHeader();
    return authorization ? { headers: { ...headers, authorization } } : { headers };
  });
  const socket = createLiveSocket(location, async (): Promise<Record<string, string>> => {
    const authorization = await authorizationHeader();
    return authorization ? { authorization } : {};
  });
  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
    },
    new GraphQLWsLink(socket.client),
    withAuthorization.concat(new HttpLink({ uri: '/graphql' })),
  );
  const client = new ApolloClient({
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
  let subject = currentSession()?.subject ?? null;
  onSessionChange(() => {
    // Subscriptions are authorised when the socket opens: a new user, or a renewed token, needs a new socket
    // (the gateway closes a socket when its token expires).
    socket.restart();
    // One user's answers (their orders, their holds) must not show to whoever next uses this tab.
    const now = currentSession()?.subject ?? null;
    if (subject !== null && now !== subject) void client.resetStore().catch(() => undefined);
    subject = now;
  });
  return client;
}
