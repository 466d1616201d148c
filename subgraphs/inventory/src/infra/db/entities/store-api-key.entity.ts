import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('store_api_keys')
export class StoreApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  locationId!: string;

  /** SHA-256 (hex) of the key's secret part; the secret itself is never stored. */
  @Column({ type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  label!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: 500 })
  createdBy!: string;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  revokedAt!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokedBy!: string | null;
}
