import { stockLabel, stockStatus } from './stock-status';

/** The live stock badge of one product card. */
export function StockBadge({ sku, available }: { sku: string; available: number }) {
  return (
    <span className={`badge badge--${stockStatus(available)}`} data-testid={`badge-${sku}`}>
      {stockLabel(available)}
    </span>
  );
}
