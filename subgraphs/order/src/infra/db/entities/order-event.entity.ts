import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderStatus } from '../../../domain/order';

@Entity('order_events')
export class OrderEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  orderId!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus!: OrderStatus | null;

  @Column({ type: 'varchar', length: 16 })
  toStatus!: OrderStatus;

  @Column({ type: 'text' })
  cause!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;
}
