import { InventorySchema1767225600100 } from './1767225600100-inventory-schema';
import { ReservationLineSkuIndex1767225600101 } from './1767225600101-reservation-line-sku-index';
import { WarehouseWatermarks1767225600102 } from './1767225600102-warehouse-watermarks';
import { StoreApiKeys1767225600103 } from './1767225600103-store-api-keys';
import { WiderLedgerActor1767225600104 } from './1767225600104-wider-ledger-actor';
import { ReservationCustomer1767225600105 } from './1767225600105-reservation-customer';
import { ReservationListingIndexes1767225600106 } from './1767225600106-reservation-listing-indexes';
import { StoreAllowancesAndSales1767225600107 } from './1767225600107-store-allowances-and-sales';
import { StoreReturns1767225600108 } from './1767225600108-store-returns';
import { LedgerTimeIndex1767225600109 } from './1767225600109-ledger-time-index';
import { StockStates1767225600110 } from './1767225600110-stock-states';
import { Transfers1767225600111 } from './1767225600111-transfers';
import { PurchaseOrders1767225600112 } from './1767225600112-purchase-orders';

/** Inventory's migrations, oldest first (the shared tables come before them). */
export const INVENTORY_MIGRATIONS = [
  InventorySchema1767225600100,
  ReservationLineSkuIndex1767225600101,
  WarehouseWatermarks1767225600102,
  StoreApiKeys1767225600103,
  WiderLedgerActor1767225600104,
  ReservationCustomer1767225600105,
  ReservationListingIndexes1767225600106,
  StoreAllowancesAndSales1767225600107,
  StoreReturns1767225600108,
  LedgerTimeIndex1767225600109,
  StockStates1767225600110,
  Transfers1767225600111,
  PurchaseOrders1767225600112,
];
