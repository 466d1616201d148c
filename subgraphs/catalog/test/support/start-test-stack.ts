import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { freshDatabase, testAuthEnv, type TestDialect } from '@stockgraph/testing';
import { InProcessEventBus } from '@stockgraph/messaging';
import { loadInventoryConfig, type RunningInventory, startInventory } from '@stockgraph/inventory';
import { loadCatalogConfig, type RunningCatalog, startCatalog } from '../../src';

export interface CatalogStack {
  catalog: RunningCatalog;
  inventory: RunningInventory;
  bus: InProcessEventBus;
  stop(): Promise<void>;
}

/** The real catalog and the real inventory it asks, each on a fresh database, demo data seeded. */
export async function startCatalogStack(dialect: TestDialect, purpose: string): Promise<CatalogStack> {
  const log = pino({ level: 'warn' });
  const bus = new InProcessEventBus(log);
  const common = { PORT: '0', OUTBOX_POLL_MS: '60000', ...testAuthEnv };
  const inventory = await startInventory({
    config: loadInventoryConfig({ ...common, DATABASE_URL: await freshDatabase(dialect, `${purpose}_inv`) }),
    bus,
    log,
  });
  const catalog = await startCatalog({
    config: loadCatalogConfig({
      ...common,
      DATABASE_URL: await freshDatabase(dialect, `${purpose}_cat`),
      INVENTORY_URL: inventory.url,
    }),
    bus,
    log,
  });
  return {
    catalog,
    inventory,
    bus,
    stop: async () => {
      await catalog.stop();
      await inventory.stop();
      await bus.close();
    },
  };
}

export const newKey = () => randomUUID();
