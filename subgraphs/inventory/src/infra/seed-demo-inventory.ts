import { DEMO_LOCATIONS, DEMO_PRODUCTS, demoOnHand } from '@stockgraph/domain';
import { isDuplicateKeyError } from '@stockgraph/persistence';
import type { Logger } from '@stockgraph/runtime';
import type { Database } from '@stockgraph/persistence';
import type { Outbox } from '@stockgraph/messaging';
import { stockChangedMessage } from '../events/stock-events';
import { NO_STATES, type StockLevel } from '../domain/stock-level';
import { LocationEntity } from './db/entities/location.entity';
import { StockLevelEntity } from './db/entities/stock-level.entity';
import { StockMovementRepository } from './stock-movement.repository';

/**
 * Inserts the demo locations and stock when there are no locations yet. The stock goes
 * in like any other change: a ledger row (`received`, actor `seed`) and a stock event
 * each, so the ledger invariant and downstream projections hold from the first start.
 */
export async function seedDemoInventory(db: Database, outbox: Outbox, log: Logger): Promise<void> {
  const [row] = await db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM locations'));
  if (Number(row?.n) > 0) return;
  const now = Date.now();
  const levels: StockLevel[] = DEMO_PRODUCTS.flatMap((product) =>
    DEMO_LOCATIONS.map((location, index) => ({
      sku: product.sku,
      locationId: location.id,
      onHand: demoOnHand(product.sku, index),
      reserved: 0,
      safetyStock: 0,
      ...NO_STATES,
      version: 1,
      updatedAt: now,
    })),
  );
  try {
    await db.transaction(async (tx) => {
      tx.insert(
        LocationEntity,
        DEMO_LOCATIONS.map((location) => ({ ...location, createdAt: now })),
      );
      tx.insert(StockLevelEntity, levels);
      new StockMovementRepository().append(
        tx,
        levels.map((level) => ({
          sku: level.sku,
          locationId: level.locationId,
          kind: 'ADJUST' as const,
          delta: { onHand: level.onHand, reserved: 0, safetyStock: 0 },
          after: { onHand: level.onHand, reserved: 0, safetyStock: 0, ...NO_STATES, version: 1 },
          reason: 'received',
          reference: 'stockgraph:demo-seed',
          actor: 'seed',
          reservationId: null,
          idempotencyKey: null,
          sourceEventId: null,
          createdAt: now,
        })),
      );
      const empty = (level: StockLevel): StockLevel => ({ ...level, onHand: 0, version: 0 });
      await outbox.append(
        tx,
        levels.map((level) =>
          stockChangedMessage(
            { before: empty(level), after: level, delta: { onHand: level.onHand, reserved: 0, safetyStock: 0 } },
            'ADJUST',
            {
              region: DEMO_LOCATIONS.find((l) => l.id === level.locationId)?.region ?? 'unknown',
            },
          ),
        ),
      );
    });
    log.info({ locations: DEMO_LOCATIONS.length, stockLevels: levels.length }, 'demo inventory seeded');
  } catch (error) {
    // Another instance seeded at the same moment; its data is the same.
    if (!isDuplicateKeyError(error)) throw error;
  }
}
