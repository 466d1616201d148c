import type { ReservationService } from './reservation.service';
import type { StockAdjustmentService } from './stock-adjustment.service';

/** The stock-changing use cases under one name, as tests and embedding services drive them. */
export type StockUseCases = Pick<ReservationService, 'reserve' | 'confirm' | 'release'> &
  Pick<StockAdjustmentService, 'adjust' | 'adjustMany'>;

/** `reservations` and `adjustments` as one `StockUseCases`. */
export function stockUseCases(reservations: ReservationService, adjustments: StockAdjustmentService): StockUseCases {
  return {
    reserve: (...args) => reservations.reserve(...args),
    confirm: (...args) => reservations.confirm(...args),
    release: (...args) => reservations.release(...args),
    adjust: (...args) => adjustments.adjust(...args),
    adjustMany: (...args) => adjustments.adjustMany(...args),
  };
}
