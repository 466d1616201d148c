/** A product as the shop's replica keeps it (from catalog.products.v1, or a snapshot). */
export interface ReplicaProduct {
  sku: string;
  name: string;
  categoryId: string | null;
  priceAmount: number;
  priceCurrency: string;
  active: boolean;
  /** Epoch ms of the catalog's change: a product applies only when newer than the one kept. */
  updatedAt: number;
}

/** A category as the replica keeps it. */
export interface ReplicaCategory {
  id: string;
  name: string;
  /** Epoch ms of the catalog's change: applies only when newer than the one kept. */
  updatedAt: number;
}

/** The shop's own stock of one sku (from inventory.stock.v1, or a snapshot). */
export interface ReplicaStock {
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  /** Inventory's version of the level: a change applies only when newer than the one kept. */
  version: number;
  /** Epoch ms of the central change. */
  changedAt: number;
}

/** What another location of the shop's region can sell of a sku ("available elsewhere"). */
export interface NearbyAvailability {
  sku: string;
  locationId: string;
  available: number;
  /** Inventory's version of that level. */
  version: number;
  /** Epoch ms of the central change (of the snapshot, for a snapshot's figure). */
  changedAt: number;
}

/**
 * Which of `incoming` would change the replica, given the versions it holds (by `keyOf`):
 * per key only the newest, and only if newer than what is kept. This is what makes a
 * snapshot plus a replay of events converge whatever order they arrive in.
 */
export function newerThanKept<T>(
  incoming: readonly T[],
  kept: ReadonlyMap<string, number>,
  keyOf: (item: T) => string,
  versionOf: (item: T) => number,
): T[] {
  const newest = new Map<string, T>();
  for (const item of incoming) {
    const seen = newest.get(keyOf(item));
    if (!seen || versionOf(item) > versionOf(seen)) newest.set(keyOf(item), item);
  }
  return [...newest.values()].filter((item) => versionOf(item) > (kept.get(keyOf(item)) ?? -1));
}

/** `sku`, or `sku@location` for a row of another location. */
export function replicaKey(item: { sku: string; locationId?: string }): string {
  return item.locationId === undefined ? item.sku : `${item.sku}@${item.locationId}`;
}
