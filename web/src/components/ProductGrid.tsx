import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveStock } from '../hooks/use-live-stock';
import { ProductCard, type ProductCardData } from './ProductCard';
import { stockLabel } from './stock-status';

/** The product cards of one page, with their badges kept live and changes announced. */
export function ProductGrid({ products }: { products: ProductCardData[] }) {
  const skus = useMemo(() => products.map((p) => p.sku), [products]);
  useLiveStock(skus);
  const announcement = useBadgeAnnouncement(products);

  return (
    <section aria-label="Products">
      {products.length === 0 ? (
        <p className="empty">No products match.</p>
      ) : (
        <ul className="grid">
          {products.map((product) => (
            <li key={product.sku}>
              <ProductCard product={product} />
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="stock-announcement">
        {announcement}
      </p>
    </section>
  );
}

/** "SG-0001: Low stock — 3 left" when a visible badge changes; nothing on first render or paging. */
function useBadgeAnnouncement(products: ProductCardData[]): string {
  const previous = useRef(new Map<string, string>());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const changed: string[] = [];
    const labels = new Map(products.map((p) => [p.sku, stockLabel(p.inventory.available)]));
    for (const [sku, label] of labels) {
      const before = previous.current.get(sku);
      if (before !== undefined && before !== label) changed.push(`${sku}: ${label}`);
    }
    previous.current = labels;
    if (changed.length > 0) setAnnouncement(changed.join('. '));
  }, [products]);
  return announcement;
}
