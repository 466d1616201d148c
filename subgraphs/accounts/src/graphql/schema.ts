import { buildFederatedSchema, resolverContainer } from '@stockgraph/graphql-service';
import type { GraphQLSchema } from 'graphql';
import type { AccountsServices } from '../app/accounts-services';
import { AccountResolver } from './account.resolver';
import type { AccountsContext } from './context';

/** The accounts subgraph schema; without `services` (undefined) it serves only for printing SDL. */
export function buildAccountsSchema(services?: AccountsServices | null): Promise<GraphQLSchema> {
  return buildFederatedSchema<AccountsContext>({
    resolvers: [AccountResolver],
    ...(services !== undefined ? { container: resolverContainer([new AccountResolver(services)]) } : {}),
  });
}
