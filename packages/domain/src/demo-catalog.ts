/**
 * The demo data set, shared so that the catalog's products and the inventory's stock
 * describe the same skus without either service reading the other's tables.
 * Deterministic: the same skus, prices and quantities on every machine.
 */
export interface DemoCategory {
  id: string;
  name: string;
}

export interface DemoProduct {
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  /** Minor units, EUR. */
  price: number;
}

export interface DemoLocation {
  id: string;
  name: string;
  kind: 'WAREHOUSE' | 'STORE';
  region: string;
  /** Lower is allocated first. */
  priority: number;
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  { id: 'footwear', name: 'Footwear' },
  { id: 'outerwear', name: 'Outerwear' },
  { id: 'bags', name: 'Bags' },
  { id: 'accessories', name: 'Accessories' },
  { id: 'home', name: 'Home' },
  { id: 'electronics', name: 'Electronics' },
];

const NOUNS: Record<string, readonly string[]> = {
  footwear: ['Trail Runner', 'City Sneaker', 'Leather Boot', 'Canvas Slip-on', 'Hiking Boot'],
  outerwear: ['Rain Shell', 'Down Parka', 'Fleece Jacket', 'Wool Coat', 'Windbreaker'],
  bags: ['Daypack', 'Tote', 'Duffel', 'Messenger Bag', 'Sling'],
  accessories: ['Beanie', 'Scarf', 'Sunglasses', 'Leather Belt', 'Wallet'],
  home: ['Ceramic Mug', 'Linen Throw', 'Desk Lamp', 'Cast-iron Pan', 'Cutting Board'],
  electronics: ['Wireless Earbuds', 'Power Bank', 'Smart Speaker', 'USB-C Hub', 'Action Camera'],
};
const EDITIONS = ['Classic', 'Pro'] as const;

/** 60 products: 6 categories × 5 kinds × 2 editions; sku `SG-0001` … `SG-0060`. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = DEMO_CATEGORIES.flatMap((category, c) =>
  (NOUNS[category.id] ?? []).flatMap((noun, n) =>
    EDITIONS.map((edition, e) => {
      const index = c * 10 + n * 2 + e + 1;
      return {
        sku: `SG-${String(index).padStart(4, '0')}`,
        name: `${edition} ${noun}`,
        description: `${edition} edition ${noun.toLowerCase()} from the stockgraph demo range.`,
        categoryId: category.id,
        price: 999 + ((index * 3779) % 20000) + (e === 1 ? 5000 : 0),
      };
    }),
  ),
);

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  { id: 'madrid-dc', name: 'Madrid distribution centre', kind: 'WAREHOUSE', region: 'eu-south', priority: 1 },
  { id: 'berlin-dc', name: 'Berlin distribution centre', kind: 'WAREHOUSE', region: 'eu-central', priority: 2 },
  { id: 'lisbon-store', name: 'Lisbon store', kind: 'STORE', region: 'eu-south', priority: 3 },
];

/** On-hand units of a demo sku at a demo location; every seventh sku is sold out everywhere. */
export function demoOnHand(sku: string, locationIndex: number): number {
  const n = Number(sku.slice(3));
  if (n % 7 === 0) return 0;
  return ((n * 37 + locationIndex * 53) % 120) + (locationIndex === 2 ? 0 : 20);
}
