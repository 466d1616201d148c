import { useQuery, useSubscription } from '@apollo/client';
import { Link, useSearch } from 'wouter';
import { AddToCart } from '../components/AddToCart';
import { ErrorNote } from '../components/ErrorNote';
import { formatMoney } from '../components/format-money';
import { StockBadge } from '../components/StockBadge';
import { graphql } from '../gql';
import type { ProductAvailabilityFragment } from '../gql/graphql';
import { useRetryAfterError } from '../hooks/use-retry-after-error';
import { ProductImage } from '../components/ProductImage';

/** The product's stock everywhere, as the page first reads it and as every change brings it. */
export const ProductAvailabilityFields = graphql(`
  fragment ProductAvailability on Product {
    sku
    inventory {
      available
      byLocation {
        available
        location {
          id
          name
          region
          kind
        }
      }
    }
  }
`);

const ProductPageDocument = graphql(`
  query ProductPage($sku: ID!) {
    product(sku: $sku) {
      ...ProductAvailability
      name
      description
      active
      price {
        amount
        currency
      }
      category {
        id
        name
      }
    }
  }
`);

/** The product's stock everywhere, live: each event brings the new figures per location. */
const ProductStockDocument = graphql(`
  subscription ProductStock($skus: [ID!]!) {
    stockChanged(skus: $skus, current: true) {
      eventId
      product {
        ...ProductAvailability
      }
    }
  }
`);

type Availability = ProductAvailabilityFragment['inventory']['byLocation'][number];

/** Units available per region: the sum of its locations, from the same live figures. */
function byRegion(locations: readonly Availability[]): Array<{ region: string; available: number }> {
  const totals = new Map<string, number>();
  for (const { location, available } of locations)
    totals.set(location.region, (totals.get(location.region) ?? 0) + available);
  return [...totals]
    .map(([region, available]) => ({ region, available }))
    .sort((a, b) => a.region.localeCompare(b.region));
}

/** `/product?sku=…`: one product with its price and stock by region and by location, all live. */
export function ProductPage() {
  const sku = new URLSearchParams(useSearch()).get('sku')?.slice(0, 64) ?? '';
  const { data, loading, error, refetch } = useQuery(ProductPageDocument, { variables: { sku }, skip: !sku });
  useRetryAfterError(error, refetch);
  useSubscription(ProductStockDocument, { variables: { skus: [sku] }, skip: !sku });
  const product = data?.product;

  if (!sku || (!loading && !error && !product)) {
    return (
      <section aria-labelledby="product-missing">
        <h1 id="product-missing">Product not found</h1>
        <p>
          There is no product {sku ? <code>{sku}</code> : null} here. <Link href="/">Back to the shop</Link>
        </p>
      </section>
    );
  }
  if (error) return <ErrorNote message="This product could not be loaded just now; trying again…" />;
  if (!product) return <p>Loading the product…</p>;

  const locations = product.inventory.byLocation;
  return (
    <article aria-labelledby="product-title" className="product">
      <p className="breadcrumbs">
        <Link href="/">Shop</Link> {product.category ? <>› {product.category.name}</> : null}
      </p>
      <h1 id="product-title">{product.name}</h1>
      <ProductImage sku={product.sku} name={product.name} size="page" />
      <p className="card__sku">{product.sku}</p>
      {product.description ? <p>{product.description}</p> : null}
      <p className="product__price">{formatMoney(product.price.amount, product.price.currency)}</p>
      <p aria-live="polite" className="product__stock">
        <StockBadge sku={product.sku} available={product.inventory.available} />
      </p>
      {product.active ? (
        <AddToCart sku={product.sku} name={product.name} available={product.inventory.available} />
      ) : (
        <p>This product is no longer sold.</p>
      )}

      <h2 id="by-region">Available by region</h2>
      <table aria-labelledby="by-region" className="table">
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Available</th>
          </tr>
        </thead>
        <tbody>
          {byRegion(locations).map((region) => (
            <tr key={region.region}>
              <th scope="row">{region.region}</th>
              <td data-testid={`region-${region.region}`}>{region.available}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="by-location">Available by location</h2>
      <table aria-labelledby="by-location" className="table">
        <thead>
          <tr>
            <th scope="col">Location</th>
            <th scope="col">Region</th>
            <th scope="col">Available</th>
          </tr>
        </thead>
        <tbody>
          {locations.map(({ location, available }) => (
            <tr key={location.id}>
              <th scope="row">
                {location.name} <span className="muted">({location.kind === 'STORE' ? 'store' : 'warehouse'})</span>
              </th>
              <td>{location.region}</td>
              <td data-testid={`location-${location.id}`}>{available}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
