import { buildFederatedSchema } from '@stockgraph/graphql-service';
import type { GraphQLSchema } from 'graphql';
import type { CatalogContext } from './context';
import { ProductResolver } from './product.resolver';
import { catalogReferences } from './product.reference';
import { StockValidationResolver } from './stock-validation.resolver';

/** The catalog subgraph schema; without a container it serves only for printing SDL. */
export function buildCatalogSchema(container?: { get(someClass: unknown): unknown }): Promise<GraphQLSchema> {
  return buildFederatedSchema<CatalogContext>({
    resolvers: [ProductResolver, StockValidationResolver],
    references: catalogReferences,
    ...(container ? { container } : {}),
  });
}
