import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('reservation_lines')
export class ReservationLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  reservationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationId!: string;

  @Column({ type: 'int' })
  quantity!: number;
}
