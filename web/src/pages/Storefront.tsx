import { useQuery } from '@apollo/client';
import { useEffect, useState } from 'react';
import { Pager } from '../components/Pager';
import { ProductFilters } from '../components/ProductFilters';
import { ProductGrid } from '../components/ProductGrid';
import { graphql } from '../gql';
import { useDebounced } from '../hooks/use-debounced';
import { useShopView } from '../hooks/use-shop-view';
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

/**
 * The storefront at `/`: filters, a page of products with live stock, paging. What it
 * shows is in its URL (`?q=&category=&inStock=1&pages=`), so refresh, Back and a shared
 * link keep the view; the search box is the one thing typed ahead of the URL.
 */
export function Storefront() {
  const { view, setFilters, pages } = useShopView();
  const [draft, setDraft] = useState(view.search);
  // Back and Forward (or a link) change the URL's search: the box follows.
  useEffect(() => setDraft(view.search), [view.search]);
  const typed = useDebounced(draft, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (typed.trim() !== view.search.trim()) setFilters({ ...view, search: typed });
    // Only the settled text moves the URL: a view changed by Back must not be written over.
  }, [typed]);
  const filters = { ...view, search: draft };
  const search = view.search.trim();
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
      <ProductFilters
        value={filters}
        categories={categories}
        onChange={(next) => (next.search !== draft ? setDraft(next.search) : setFilters(next))}
      />
      <ErrorNote message={error ? 'The products could not be loaded just now; trying again…' : null} />
      {connection ? <ProductGrid products={products} /> : <p>Loading products…</p>}
      <Pager pages={pages} pageInfo={connection?.pageInfo} />
    </section>
  );
}
