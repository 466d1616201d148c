import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** See StoreReturns1767225600108. */
@Entity('store_returns')
export class StoreReturnEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  returnId!: string;

  @Column({ type: 'varchar', length: 64 })
  saleId!: string;

  @Column({ type: 'varchar', length: 500 })
  actor!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  recordedAt!: number;
}

@Entity('store_return_lines')
export class StoreReturnLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  returnId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'int' })
  quantity!: number;
}
