import { ApolloClient, ApolloLink, ApolloProvider, HttpLink, InMemoryCache } from '@apollo/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Till } from './Till';
import { tillToken } from './till-session';
import '@stockgraph/web/styles.css';
import './till.css';

/** The till's Apollo Client: the store service's own /graphql, with the store token the cashier signed in with. */
const client = new ApolloClient({
  link: new ApolloLink((operation, forward) => {
    const token = tillToken();
    if (token) operation.setContext({ headers: { authorization: `Bearer ${token}` } });
    return forward(operation);
  }).concat(new HttpLink({ uri: '/graphql' })),
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
