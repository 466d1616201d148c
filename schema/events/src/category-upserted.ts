/** `type` of every event on `catalog.categories.v1`. */
export const CATEGORY_UPSERTED = 'io.stockgraph.catalog.category.upserted.v1';

/** `data` of `io.stockgraph.catalog.category.upserted.v1`: the category as it now is. */
export interface CategoryUpsertedData {
  /** Lower-case letters, digits and '-'. */
  id: string;
  name: string;
  /** Epoch ms of the change: readers keep the newest. */
  updatedAt: number;
}
