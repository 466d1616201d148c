import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { ClearedWatermark } from '../app/warehouse-watermark.service';

@ObjectType('WarehouseWatermark', {
  description: 'The newest warehouse count applied for a sku at a location; older counts are skipped as stale.',
})
export class WarehouseWatermarkType {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  // Float, not Int: senders on Kafka may number their counts past 32 bits.
  @Field(() => Float, { nullable: true, description: "The sender's sequence number of that count, when it had one." })
  sequence!: number | null;

  @Field({ description: 'When that count was taken, as the sender said.' })
  observedAt!: Date;

  @Field({ description: 'The CloudEvent id of that count.' })
  eventId!: string;

  @Field({ description: 'When that count was applied.' })
  appliedAt!: Date;

  static from(this: void, watermark: ClearedWatermark): WarehouseWatermarkType {
    return Object.assign(new WarehouseWatermarkType(), {
      ...watermark,
      observedAt: new Date(watermark.observedAt),
      appliedAt: new Date(watermark.appliedAt),
    });
  }
}
