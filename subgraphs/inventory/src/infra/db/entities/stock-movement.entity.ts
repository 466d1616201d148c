import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MovementKind } from '../../../domain/stock-movement';

@Entity('stock_movements')
export class StockMovementEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'varchar', length: 64 })
  locationId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: MovementKind;

  @Column({ type: 'int' })
  onHandDelta!: number;

  @Column({ type: 'int' })
  reservedDelta!: number;

  @Column({ type: 'int' })
  safetyStockDelta!: number;

  @Column({ type: 'int' })
  onHandAfter!: number;

  @Column({ type: 'int' })
  reservedAfter!: number;

  @Column({ type: 'int' })
  safetyStockAfter!: number;

  @Column({ type: 'int', default: 0 })
  damagedDelta!: number;

  @Column({ type: 'int', default: 0 })
  qualityControlDelta!: number;

  @Column({ type: 'int', default: 0 })
  incomingDelta!: number;

  @Column({ type: 'int', default: 0 })
  damagedAfter!: number;

  @Column({ type: 'int', default: 0 })
  qualityControlAfter!: number;

  @Column({ type: 'int', default: 0 })
  incomingAfter!: number;

  @Column({ type: 'int' })
  versionAfter!: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reference!: string | null;

  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  reservationId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceEventId!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}
