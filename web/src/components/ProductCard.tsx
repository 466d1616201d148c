import { Link } from 'wouter';
import { AddToCart } from './AddToCart';
import { formatMoney } from './format-money';
import { ProductImage } from './ProductImage';
import { StockBadge } from './StockBadge';

/** What a card shows of a product. */
export interface ProductCardData {
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  inventory: { available: number };
}

/** One product of the grid: name (a link to its page), sku, price, live stock and a way to buy it. */
export function ProductCard({ product }: { product: ProductCardData }) {
  return (
    <article className="card" aria-labelledby={`name-${product.sku}`}>
      <ProductImage sku={product.sku} name={product.name} />
      <h2 className="card__name" id={`name-${product.sku}`}>
        <Link href={`/product?sku=${encodeURIComponent(product.sku)}`}>{product.name}</Link>
      </h2>
      <p className="card__sku">{product.sku}</p>
      <p className="card__price">{formatMoney(product.price.amount, product.price.currency)}</p>
      <StockBadge sku={product.sku} available={product.inventory.available} />
      <AddToCart sku={product.sku} name={product.name} available={product.inventory.available} />
    </article>
  );
}
