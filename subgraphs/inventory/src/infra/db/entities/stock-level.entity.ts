import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('stock_levels')
export class StockLevelEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @Column({ type: 'int' })
  onHand!: number;

  @Column({ type: 'int' })
  reserved!: number;

  @Column({ type: 'int' })
  safetyStock!: number;

  @Column({ type: 'int', default: 0 })
  damaged!: number;

  @Column({ type: 'int', default: 0 })
  qualityControl!: number;

  @Column({ type: 'int', default: 0 })
  incoming!: number;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
