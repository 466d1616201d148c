import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('products')
export class ProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  categoryId!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  priceAmount!: number;

  @Column({ type: 'varchar', length: 3 })
  priceCurrency!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
