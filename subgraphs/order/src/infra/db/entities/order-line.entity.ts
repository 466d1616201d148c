import { bigintNumber } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('order_lines')
export class OrderLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  orderId!: string;

  @PrimaryColumn({ type: 'int' })
  lineNo!: number;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  unitPrice!: number;
}
