import { useSyncExternalStore } from 'react';

/** One line of the cart: which product and how many. Names and prices are read fresh, never stored. */
export interface CartLine {
  sku: string;
  quantity: number;
}

/** Most units of one product a cart may hold. */
export const MAX_LINE_QUANTITY = 99;
/** Most products a cart may hold (an order takes at most 100 lines). */
export const MAX_CART_LINES = 50;

const STORAGE_KEY = 'stockgraph.cart';
const EMPTY: readonly CartLine[] = [];

type Listener = () => void;
const listeners = new Set<Listener>();
let lines: readonly CartLine[] = read();

// Another tab changed the cart: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return;
  lines = read();
  for (const listener of listeners) listener();
});

/** The cart, kept in this browser (localStorage): the page's only global mutable state. */
export const cart = {
  lines: (): readonly CartLine[] => lines,

  /** Adds units of a product, up to the per-line maximum; false when the cart is full. */
  add(sku: string, quantity = 1): boolean {
    const existing = lines.find((line) => line.sku === sku);
    if (!existing && lines.length >= MAX_CART_LINES) return false;
    const next = existing
      ? lines.map((line) => (line.sku === sku ? { sku, quantity: clamp(line.quantity + quantity) } : line))
      : [...lines, { sku, quantity: clamp(quantity) }];
    write(next);
    return true;
  },

  /** Sets a line's quantity; 0 removes it. */
  set(sku: string, quantity: number): void {
    write(
      quantity <= 0
        ? lines.filter((line) => line.sku !== sku)
        : lines.map((line) => (line.sku === sku ? { sku, quantity: clamp(quantity) } : line)),
    );
  },

  remove(sku: string): void {
    write(lines.filter((line) => line.sku !== sku));
  },

  clear(): void {
    write(EMPTY);
  },

  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The cart's lines, re-rendering on every change (in this tab or another). */
export function useCart(): readonly CartLine[] {
  return useSyncExternalStore(cart.subscribe, cart.lines);
}

function clamp(quantity: number): number {
  return Math.max(1, Math.min(MAX_LINE_QUANTITY, Math.floor(quantity)));
}

function write(next: readonly CartLine[]): void {
  lines = next;
  try {
    if (next.length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Without storage the cart lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

/** The stored cart, keeping only well-formed lines (storage is user-editable). */
function read(): readonly CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return EMPTY;
    return parsed
      .filter(
        (line): line is CartLine =>
          typeof line === 'object' &&
          line !== null &&
          typeof (line as CartLine).sku === 'string' &&
          Number.isInteger((line as CartLine).quantity) &&
          (line as CartLine).quantity > 0,
      )
      .slice(0, MAX_CART_LINES)
      .map((line) => ({ sku: line.sku.slice(0, 64), quantity: clamp(line.quantity) }));
  } catch {
    return EMPTY;
  }
}
