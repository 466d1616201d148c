import { useQuery } from '@apollo/client';
import { useEffect, useState } from 'react';
import { Pager } from '../components/Pager';
import { ProductFilters, type ProductFilterValues } from '../components/ProductFilters';
import { ProductGrid } from '../components/ProductGrid';
import { graphql } from '../gql';
import { useCursorPages } from '../hooks/use-cursor-pages';
import { useDebounced } from '../hooks/use-debounced';
import { useRetryAfterError } from '../hooks/use-retry-after-error';
import { ErrorNote } from '../components/ErrorNote';

/** Products on one page of the grid. */
const PAGE_SIZE = 20;
/** Typing pauses this long before the grid asks again. */
const SEARCH_DEBOUNCE_MS = 250;

const CategoriesDocument = graphql(`
  query StorefrontCategories {
    categories {
      id
      name
    }
  }
`);

const StorefrontProductsDocument = graphql(`
  query StorefrontProducts($first: Int!, $after: String, $filter: ProductFilter) {
    products(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          sku
          name
          price {
            amount
            currency
          }
          inventory {
            available
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The storefront at `/`: filters, a page of products with live stock, paging. */
export function Storefront() {
  const [filters, setFilters] = useState<ProductFilterValues>({ search: '', categoryId: '', inStockOnly: false });
  const search = useDebounced(filters.search.trim(), SEARCH_DEBOUNCE_MS);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [reset, search, filters.categoryId, filters.inStockOnly]);
  const categories = useQuery(CategoriesDocument).data?.categories ?? [];

  const { data, previousData, loading, error, refetch } = useQuery(StorefrontProductsDocument, {
    variables: {
      first: PAGE_SIZE,
      after: pages.after,
      filter: {
        active: true,
        ...(search ? { search } : {}),
        ...(filters.categoryId ? { categoryId: filters.categoryId } : {}),
        ...(filters.inStockOnly ? { inStock: true } : {}),
      },
    },
  });
  useRetryAfterError(error, refetch);
  const connection = (data ?? previousData)?.products;
  const products = connection?.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="shop-title" aria-busy={loading}>
      <h1 id="shop-title">Shop</h1>
      <p className="lede">Everything here is in stock right now — or says so.</p>
      <ProductFilters value={filters} categories={categories} onChange={setFilters} />
      <ErrorNote message={error ? 'The products could not be loaded just now; trying again…' : null} />
      {connection ? <ProductGrid products={products} /> : <p>Loading products…</p>}
      <Pager pages={pages} pageInfo={connection?.pageInfo} />
    </section>
  );
}
