/** At or below this many units available, a card says how many are left. */
export const LOW_STOCK_THRESHOLD = 5;

export type StockStatus = 'in-stock' | 'low-stock' | 'out-of-stock';

/** Which badge a total of available units earns. */
export function stockStatus(available: number): StockStatus {
  if (available <= 0) return 'out-of-stock';
  return available <= LOW_STOCK_THRESHOLD ? 'low-stock' : 'in-stock';
}

/** The badge's words, also what the live region announces. */
export function stockLabel(available: number): string {
  const status = stockStatus(available);
  switch (status) {
    case 'out-of-stock':
      return 'Out of stock';
    case 'low-stock':
      return `Low stock — ${available} left`;
    case 'in-stock':
      return 'In stock';
  }
}
