import { ApolloClient, ApolloLink, ApolloProvider, HttpLink, InMemoryCache } from '@apollo/client';
import { onError } from '@apollo/client/link/error';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Till } from './Till';
import { endTillSession, tillToken } from './till-session';
import '@stockgraph/web/styles.css';
import './till.css';

/**
 * The till's Apollo Client: the store service's own /graphql, with the till session the
 * cashier signed in to. A 401 or UNAUTHENTICATED ends the session on the page: the cashier
 * is asked to sign in again rather than told the store did not answer.
 */
const client = new ApolloClient({
  link: ApolloLink.from([
    onError(({ graphQLErrors, networkError }) => {
      const status = (networkError as { statusCode?: number } | null)?.statusCode;
      if (status === 401 || graphQLErrors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED'))
        endTillSession();
    }),
    new ApolloLink((operation, forward) => {
      const token = tillToken();
      if (token) operation.setContext({ headers: { authorization: `Bearer ${token}` } });
      return forward(operation);
    }),
    new HttpLink({ uri: '/graphql' }),
  ]),
  cache: new InMemoryCache({ typePolicies: { StoreStock: { keyFields: ['sku'] } } }),
});

const container = document.getElementById('till');
if (!container) throw new Error('index.html has no #till');

createRoot(container).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <Till />
    </ApolloProvider>
  </StrictMode>,
);
