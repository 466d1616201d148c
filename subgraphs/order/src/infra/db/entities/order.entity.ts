import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrderStatus } from '../../../domain/order';

@Entity('orders')
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  customerId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reference!: string | null;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  reservationId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  paymentReference!: string | null;

  /** When inventory lets the hold go, epoch ms; set with the reservation. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  holdExpiresAt!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  failureCode!: string | null;

  @Column({ type: 'text', nullable: true })
  failureMessage!: string | null;

  @Column({ type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  /** placeOrder's answer, stored when the order leaves PENDING, replayed for its idempotency key. */
  @Column({ type: 'text', nullable: true })
  placeResult!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
