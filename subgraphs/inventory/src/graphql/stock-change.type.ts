import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { LiveStockChange } from '../events/live-stock-feed';
import { MovementKind } from './enums';
import { ProductType } from './product.type';

@ObjectType('StockChange', { description: 'A committed change of one stock level, pushed to subscribers.' })
export class StockChangeType {
  @Field(() => ID, { description: 'The CloudEvent id of the change.' })
  eventId!: string;

  @Field(() => ID)
  sku!: string;

  /** Also resolved into `location` by StockChangeResolver. */
  @Field(() => ID)
  locationId!: string;

  // A plain field, not a resolver: it is read once per event per subscriber.
  @Field(() => ProductType, { description: 'The product, with fields from every subgraph that knows it.' })
  product!: ProductType;

  @Field(() => Int)
  onHand!: number;

  @Field(() => Int)
  reserved!: number;

  @Field(() => Int)
  safetyStock!: number;

  @Field(() => Int, { description: 'What can be reserved at this location now.' })
  available!: number;

  @Field(() => Int, { description: 'The stock level version after the change; newer supersedes older.' })
  version!: number;

  @Field(() => MovementKind)
  cause!: LiveStockChange['cause'];

  @Field(() => [String], { description: 'OUT_OF_STOCK or BACK_IN_STOCK when availability crossed zero.' })
  flags!: string[];

  @Field()
  changedAt!: Date;

  static from(this: void, change: LiveStockChange): StockChangeType {
    return Object.assign(new StockChangeType(), {
      eventId: change.eventId,
      sku: change.sku,
      locationId: change.locationId,
      product: Object.assign(new ProductType(), { sku: change.sku }),
      onHand: change.onHand,
      reserved: change.reserved,
      safetyStock: change.safetyStock,
      available: change.available,
      version: change.version,
      cause: change.cause,
      flags: change.flags,
      changedAt: new Date(change.changedAt),
    });
  }
}
