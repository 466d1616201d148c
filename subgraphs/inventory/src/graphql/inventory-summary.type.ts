import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { StockSummary } from '../domain/stock-level';

@ObjectType('InventorySummary', { description: "A sku's stock over all locations, read from the source of truth." })
export class InventorySummaryType {
  /** Whose summary this is; InventorySummaryResolver reads the sku's levels again (batched, cached) for `byLocation`. */
  sku!: string;

  // Totals over every location: operations' and services' figures. Shoppers (and store
  // staff, who see their own locations in stockLevels) read `available` and `inStock`.
  @Authorized('service')
  @Field(() => Int)
  onHand!: number;

  @Authorized('service')
  @Field(() => Int)
  reserved!: number;

  @Field(() => Int, { description: 'Sum over locations of what each can still sell.' })
  available!: number;

  @Field()
  inStock!: boolean;

  static from(this: void, sku: string, summary: StockSummary): InventorySummaryType {
    return Object.assign(new InventorySummaryType(), { sku, ...summary, inStock: summary.available > 0 });
  }
}
