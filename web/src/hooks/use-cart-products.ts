import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import type { CartLine } from '../cart/cart';
import { graphql } from '../gql';
import { useLiveStock } from './use-live-stock';

/** What a cart line shows of its product, wherever the cart is shown. */
export const CartProductFields = graphql(`
  fragment CartProduct on Product {
    sku
    name
    active
    price {
      amount
      currency
    }
  }
`);

/** The cart's products with live stock, for the cart page. */
const CartProductsDocument = graphql(`
  query CartProducts($skus: [ID!]!, $first: Int!) {
    products(first: $first, filter: { skus: $skus }) {
      edges {
        node {
          ...CartProduct
          inventory {
            available
          }
        }
      }
    }
  }
`);

/**
 * The cart's products from catalog alone, for checkout: it must still show the order when
 * inventory cannot answer (checkout then says so, from validateStock).
 */
const CheckoutProductsDocument = graphql(`
  query CheckoutProducts($skus: [ID!]!, $first: Int!) {
    products(first: $first, filter: { skus: $skus }) {
      edges {
        node {
          ...CartProduct
        }
      }
    }
  }
`);

interface CartProduct {
  sku: string;
  name: string;
  active: boolean;
  price: { amount: number; currency: string };
}

/** A cart line with what the shop says of its product now (null: no such product any more). */
export interface PricedLine<P extends CartProduct = CartProduct> extends CartLine {
  product: P | null;
}

/** Lines with their products, and the total at today's prices. */
function priced<P extends CartProduct>(lines: readonly CartLine[], products: readonly P[] | undefined) {
  const bySku = new Map(products?.map((product) => [product.sku, product]) ?? []);
  const withProducts: Array<PricedLine<P>> = lines.map((line) => ({ ...line, product: bySku.get(line.sku) ?? null }));
  const currency = withProducts.find((line) => line.product)?.product?.price.currency ?? 'EUR';
  const total = withProducts.reduce(
    (sum, line) => sum + (line.product ? line.product.price.amount * line.quantity : 0),
    0,
  );
  return { lines: withProducts, total, currency };
}

/** The cart's products with today's names, prices and live availability. */
export function useCartProducts(lines: readonly CartLine[]) {
  const skus = useMemo(() => lines.map((line) => line.sku), [lines]);
  const { data, loading, error } = useQuery(CartProductsDocument, {
    variables: { skus, first: Math.max(1, skus.length) },
    skip: skus.length === 0,
  });
  useLiveStock(skus);
  return {
    ...priced(
      lines,
      data?.products.edges.map((edge) => edge.node),
    ),
    /** True once the shop has answered for these lines: before, a missing product is only not loaded yet. */
    known: data !== undefined,
    loading: loading && !data,
    error,
  };
}

/** The cart's products with today's names and prices, without asking inventory. */
export function useCheckoutProducts(lines: readonly CartLine[]) {
  const skus = useMemo(() => lines.map((line) => line.sku), [lines]);
  const { data, error } = useQuery(CheckoutProductsDocument, {
    variables: { skus, first: Math.max(1, skus.length) },
    skip: skus.length === 0,
  });
  return {
    ...priced(
      lines,
      data?.products.edges.map((edge) => edge.node),
    ),
    error,
  };
}
