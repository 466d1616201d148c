import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('categories')
export class CategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'bigint', default: 0, transformer: epochMs })
  updatedAt!: number;
}
