import { LocationEntity } from './location.entity';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { StockLevelEntity } from './stock-level.entity';
import { StockMovementEntity } from './stock-movement.entity';
import { StoreAllowanceEntity } from './store-allowance.entity';
import { StoreApiKeyEntity } from './store-api-key.entity';
import { StoreReturnEntity, StoreReturnLineEntity } from './store-return.entity';
import { StoreSaleEntity, StoreSaleLineEntity } from './store-sale.entity';

export const INVENTORY_ENTITIES = [
  LocationEntity,
  StockLevelEntity,
  ReservationEntity,
  ReservationLineEntity,
  StockMovementEntity,
  StoreApiKeyEntity,
  StoreAllowanceEntity,
  StoreSaleEntity,
  StoreSaleLineEntity,
  StoreReturnEntity,
  StoreReturnLineEntity,
];
