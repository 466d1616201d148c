import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('locations')
export class LocationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'WAREHOUSE' | 'STORE';

  @Column({ type: 'varchar', length: 64 })
  region!: string;

  @Column({ type: 'int' })
  priority!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}
