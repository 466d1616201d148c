import { useQuery } from '@apollo/client';
import { useEffect, useState } from 'react';
import { Pager } from '../components/Pager';
import { ProductFilters, type ProductFilterValues } from '../components/ProductFilters';
import { ProductGrid } from '../components/ProductGrid';
import { graphql } from '../gql';

/** Products on one page of the grid. */
const PAGE_SIZE = 20;
/** Typing pauses this long before the grid asks again. */
const SEARCH_DEBOUNCE_MS = 250;

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
  const [filters, setFilters] = useState<ProductFilterValues>({ search: '', inStockOnly: false });
  const search = useDebounced(filters.search.trim(), SEARCH_DEBOUNCE_MS);
  // The connection pages forward only; earlier pages are found again by the cursors that led to them.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  useEffect(() => setCursors([null]), [search, filters.inStockOnly]);
  const after = cursors[cursors.length - 1] ?? null;

  const { data, previousData, loading, error } = useQuery(StorefrontProductsDocument, {
    variables: {
      first: PAGE_SIZE,
      after,
      filter: { active: true, ...(search ? { search } : {}), ...(filters.inStockOnly ? { inStock: true } : {}) },
    },
  });
  const connection = (data ?? previousData)?.products;
  const products = connection?.edges.map((edge) => edge.node) ?? [];

  return (
    <>
      <header className="header">
        <h1>stockgraph</h1>
        <p>Everything here is in stock right now — or says so.</p>
      </header>
      <main className="main" aria-busy={loading}>
        <ProductFilters value={filters} onChange={setFilters} />
        {error ? (
          <p className="error" role="alert">
            The products could not be loaded. Try again in a moment.
          </p>
        ) : null}
        {connection ? <ProductGrid products={products} /> : <p>Loading products…</p>}
        <Pager
          page={cursors.length}
          hasPrevious={cursors.length > 1}
          hasNext={Boolean(connection?.pageInfo.hasNextPage && connection.pageInfo.endCursor)}
          onPrevious={() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list))}
          onNext={() => {
            const next = connection?.pageInfo.endCursor;
            if (next) setCursors((list) => [...list, next]);
          }}
        />
      </main>
    </>
  );
}

/** The value once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
