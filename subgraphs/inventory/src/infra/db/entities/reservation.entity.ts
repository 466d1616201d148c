import { epochMs } from '@stockgraph/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReservationStatus } from '../../../domain/reservation';

@Entity('reservations')
export class ReservationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReservationStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reference!: string | null;

  /** The customer the hold is for; see ReservationCustomer1767225600105. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  customerId!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  expiresAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
