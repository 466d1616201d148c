import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** See StoreAllowancesAndSales1767225600107. */
@Entity('store_sales')
export class StoreSaleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  saleId!: string;

  @Column({ type: 'varchar', length: 500 })
  actor!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  recordedAt!: number;
}

@Entity('store_sale_lines')
export class StoreSaleLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  saleId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'int' })
  fromAllowance!: number;
}
