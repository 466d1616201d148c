import { ConnectionType } from '@stockgraph/graphql-service';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { StockMovement } from '../domain/stock-movement';
import { MovementKind } from './enums';

@ObjectType('StockMovement', { description: 'One row of the stock ledger: a change and what it left behind.' })
export class StockMovementType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => MovementKind)
  kind!: StockMovement['kind'];

  @Field(() => Int)
  onHandDelta!: number;

  @Field(() => Int)
  reservedDelta!: number;

  @Field(() => Int)
  safetyStockDelta!: number;

  @Field(() => Int)
  onHandAfter!: number;

  @Field(() => Int)
  reservedAfter!: number;

  @Field(() => Int)
  safetyStockAfter!: number;

  @Field(() => Int)
  damagedDelta!: number;

  @Field(() => Int)
  qualityControlDelta!: number;

  @Field(() => Int)
  incomingDelta!: number;

  @Field(() => Int)
  damagedAfter!: number;

  @Field(() => Int)
  qualityControlAfter!: number;

  @Field(() => Int)
  incomingAfter!: number;

  @Field(() => Int)
  versionAfter!: number;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  reference!: string | null;

  @Field({ description: 'Who made the change.' })
  actor!: string;

  @Field(() => ID, { nullable: true })
  reservationId!: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;

  @Field(() => String, { nullable: true, description: 'The CloudEvent id that caused it, for ingested changes.' })
  sourceEventId!: string | null;

  @Field()
  createdAt!: Date;

  static from(this: void, m: StockMovement): StockMovementType {
    return Object.assign(new StockMovementType(), {
      id: String(m.id),
      sku: m.sku,
      locationId: m.locationId,
      kind: m.kind,
      onHandDelta: m.delta.onHand,
      reservedDelta: m.delta.reserved,
      safetyStockDelta: m.delta.safetyStock,
      onHandAfter: m.after.onHand,
      reservedAfter: m.after.reserved,
      safetyStockAfter: m.after.safetyStock,
      damagedDelta: m.delta.damaged ?? 0,
      qualityControlDelta: m.delta.qualityControl ?? 0,
      incomingDelta: m.delta.incoming ?? 0,
      damagedAfter: m.after.damaged,
      qualityControlAfter: m.after.qualityControl,
      incomingAfter: m.after.incoming,
      versionAfter: m.after.version,
      reason: m.reason,
      reference: m.reference,
      actor: m.actor,
      reservationId: m.reservationId,
      idempotencyKey: m.idempotencyKey,
      sourceEventId: m.sourceEventId,
      createdAt: new Date(m.createdAt),
    });
  }
}

@ObjectType('StockMovementConnection')
export class StockMovementConnection extends ConnectionType(StockMovementType, 'StockMovement') {}
