import { ConnectionType } from '@stockgraph/graphql-service';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { available, StockLevel } from '../domain/stock-level';

@ObjectType('StockLevel', { description: 'Stock of one sku at one location.' })
export class StockLevelType {
  @Field(() => ID)
  sku!: string;

  /** Resolved into `location` by StockLevelResolver. */
  locationId!: string;

  @Field(() => Int, { description: 'Units physically at the location.' })
  onHand!: number;

  @Field(() => Int, { description: 'Units held by active reservations.' })
  reserved!: number;

  @Field(() => Int, { description: 'Units kept back from sale as a buffer.' })
  safetyStock!: number;

  @Field(() => Int, { description: 'Units of onHand that are damaged: not for sale until repaired, or written off.' })
  damaged!: number;

  @Field(() => Int, { description: 'Units of onHand held in quality control: not for sale until released.' })
  qualityControl!: number;

  @Field(() => Int, { description: 'Units expected and not yet on hand (purchase orders, transfers in transit).' })
  incoming!: number;

  @Field(() => Int, {
    description: 'onHand − reserved − safetyStock − damaged − qualityControl, never below 0: what can be reserved now.',
  })
  available!: number;

  @Field(() => Int, { description: 'Bumped on every change; use it to order updates.' })
  version!: number;

  @Field()
  updatedAt!: Date;

  static from(this: void, level: StockLevel): StockLevelType {
    return Object.assign(new StockLevelType(), {
      sku: level.sku,
      locationId: level.locationId,
      onHand: level.onHand,
      reserved: level.reserved,
      safetyStock: level.safetyStock,
      damaged: level.damaged,
      qualityControl: level.qualityControl,
      incoming: level.incoming,
      available: available(level),
      version: level.version,
      updatedAt: new Date(level.updatedAt),
    });
  }
}

@ObjectType('StockLevelConnection')
export class StockLevelConnection extends ConnectionType(StockLevelType, 'StockLevel') {}
