import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { LevelAt } from '../app/ledger-history.service';

@ObjectType('StockLevelAt', {
  description:
    'A stock level as the ledger had it at a moment: what every movement recorded by then added up to. A hold past its expiry counts until it was swept or ended.',
})
export class StockLevelAtType {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  @Field({ description: 'The moment asked about.' })
  at!: Date;

  @Field(() => Int)
  onHand!: number;

  @Field(() => Int)
  reserved!: number;

  @Field(() => Int)
  safetyStock!: number;

  @Field(() => Int)
  damaged!: number;

  @Field(() => Int)
  qualityControl!: number;

  @Field(() => Int)
  incoming!: number;

  @Field(() => Int)
  available!: number;

  @Field(() => Int)
  version!: number;

  // Float: ledger ids are 64-bit.
  @Field(() => Float, { description: 'The ledger movement that left the level so.' })
  movementId!: number;

  @Field({ description: 'When that movement was recorded.' })
  changedAt!: Date;

  static from(this: void, level: LevelAt): StockLevelAtType {
    return Object.assign(new StockLevelAtType(), {
      ...level,
      at: new Date(level.at),
      changedAt: new Date(level.changedAt),
    });
  }
}
