import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { ProductFilterValues } from '../components/ProductFilters';

/** Longest search kept from a URL (the field's own bound). */
const MAX_SEARCH = 100;
/** Deepest page a URL may name: a longer trail is cut, never trusted whole. */
const MAX_PAGES = 200;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

/** What the storefront shows, as its URL says: filters, and the cursors that led to this page. */
export interface ShopView extends ProductFilterValues {
  /** The end cursor of each earlier page, oldest first; empty on the first page. */
  trail: string[];
}

/** The view a query string names; anything malformed reads as absent. */
export function readShopView(query: string): ShopView {
  const params = new URLSearchParams(query);
  const trail = (params.get('pages') ?? '')
    .split('.')
    .filter((cursor) => CURSOR.test(cursor))
    .slice(0, MAX_PAGES);
  return {
    search: (params.get('q') ?? '').slice(0, MAX_SEARCH),
    categoryId: params.get('category') ?? '',
    inStockOnly: params.get('inStock') === '1',
    trail,
  };
}

/** The query string of a view (empty parts left out, so the plain shop is plain `/`). */
export function shopViewQuery(view: ShopView): string {
  const params = new URLSearchParams();
  if (view.search.trim()) params.set('q', view.search.trim());
  if (view.categoryId) params.set('category', view.categoryId);
  if (view.inStockOnly) params.set('inStock', '1');
  if (view.trail.length > 0) params.set('pages', view.trail.join('.'));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The storefront's state kept in its URL, so a refresh, Back and Forward and a shared link
 * all show the same view: new filters replace the entry (typing is not history) and go back
 * to the first page; each page is an entry of its own.
 */
export function useShopView() {
  const query = useSearch();
  const [, navigate] = useLocation();
  const view = useMemo(() => readShopView(query), [query]);
  const go = useCallback(
    (next: ShopView, replace: boolean) => navigate(`/${shopViewQuery(next)}`, { replace }),
    [navigate],
  );
  const setFilters = useCallback((filters: ProductFilterValues) => go({ ...filters, trail: [] }, true), [go]);
  const pages = useMemo(
    () => ({
      after: view.trail[view.trail.length - 1] ?? null,
      page: view.trail.length + 1,
      hasPrevious: view.trail.length > 0,
      previous: () => go({ ...view, trail: view.trail.slice(0, -1) }, false),
      next: (endCursor: string | null | undefined) => {
        if (endCursor && CURSOR.test(endCursor)) go({ ...view, trail: [...view.trail, endCursor] }, false);
      },
    }),
    [view, go],
  );
  return { view, setFilters, pages };
}
