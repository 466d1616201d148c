import { ApolloClient, HttpLink, InMemoryCache, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

/** Longest wait between two reconnection attempts of the subscription socket. */
const MAX_RETRY_WAIT_MS = 5_000;

/** The gateway's WebSocket endpoint on the page's own origin. */
function webSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/** Exponential backoff with jitter, so clients that lost the gateway together do not return together. */
function retryWait(retries: number): Promise<void> {
  const base = Math.min(MAX_RETRY_WAIT_MS, 250 * 2 ** retries);
  const wait = base / 2 + Math.random() * (base / 2);
  return new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * The one Apollo Client of the page: queries and mutations over HTTP to `/graphql`,
 * subscriptions over graphql-ws on the same origin, reconnecting for as long as the page
 * is open. Products are normalised by sku, so a stock event updates every card showing it.
 */
export function createApolloClient(location: Location = window.location): ApolloClient<unknown> {
  const http = new HttpLink({ uri: '/graphql' });
  const ws = new GraphQLWsLink(
    createClient({
      url: webSocketUrl(location),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait,
    }),
  );
  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
    },
    ws,
    http,
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Product: { keyFields: ['sku'] },
        // Totals have no id of their own; a newer one simply replaces the older.
        InventorySummary: { merge: true },
        Money: { merge: true },
      },
    }),
  });
}
