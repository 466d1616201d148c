import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** See StoreAllowancesAndSales1767225600107. */
@Entity('store_allowances')
export class StoreAllowanceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
