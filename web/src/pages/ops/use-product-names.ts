import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import { graphql } from '../../gql';

const ProductNamesDocument = graphql(`
  query OpsProductNames($skus: [ID!]!, $first: Int!) {
    products(first: $first, filter: { skus: $skus }) {
      edges {
        node {
          sku
          name
        }
      }
    }
  }
`);

/** The catalog's names of `skus` (at most 100), for lists that know only skus; a sku with no product is absent. */
export function useProductNames(skus: readonly string[]): ReadonlyMap<string, string> {
  const unique = useMemo(() => [...new Set(skus)].sort().slice(0, 100), [skus]);
  const { data } = useQuery(ProductNamesDocument, {
    variables: { skus: unique, first: Math.max(1, unique.length) },
    skip: unique.length === 0,
  });
  return useMemo(() => new Map(data?.products.edges.map(({ node }) => [node.sku, node.name]) ?? []), [data]);
}
