import pino from 'pino';
import { InProcessEventBus } from '@stockgraph/messaging';
import { freshDatabase, testAuthEnv, type TestDialect } from '@stockgraph/testing';
import { loadCatalogConfig, type RunningCatalog, startCatalog } from '@stockgraph/catalog';
import { loadInventoryConfig, type RunningInventory, startInventory } from '@stockgraph/inventory';
import { loadOrderConfig, type RunningOrder, startOrder } from '../../src';

export interface OrderStack {
  order: RunningOrder;
  inventory: RunningInventory;
  catalog: RunningCatalog;
  /** Moves inventory's clock forward (holds expire without waiting). */
  advanceInventoryClock(ms: number): void;
  stop(): Promise<void>;
}

export interface OrderStackOptions {
  /** Give the order service a bus of its own: it hears none of inventory's events, as if they were lost. */
  deafOrderService?: boolean;
}

/** The real order service with the real inventory and catalog it calls, each on a fresh database. */
export async function startOrderStack(
  dialect: TestDialect,
  purpose: string,
  options: OrderStackOptions = {},
): Promise<OrderStack> {
  const log = pino({ level: 'warn' });
  const bus = new InProcessEventBus(log);
  const orderBus = options.deafOrderService ? new InProcessEventBus(log) : bus;
  const common = { PORT: '0', OUTBOX_POLL_MS: '60000', ...testAuthEnv };
  let offset = 0;
  const inventory = await startInventory({
    config: loadInventoryConfig({ ...common, DATABASE_URL: await freshDatabase(dialect, `${purpose}_inv`) }),
    bus,
    log,
    clock: () => Date.now() + offset,
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
  const order = await startOrder({
    config: loadOrderConfig({
      ...common,
      DATABASE_URL: await freshDatabase(dialect, `${purpose}_ord`),
      INVENTORY_URL: inventory.url,
      CATALOG_URL: catalog.url,
      // Three services share one jest worker here: on a loaded machine the 3 s defaults
      // measured the machine (a run saw "catalog did not answer within 3000 ms" among 20
      // concurrent orders). Deadlines are the e2e suites' subject, against real processes.
      INVENTORY_TIMEOUT_MS: '30000',
      CATALOG_TIMEOUT_MS: '30000',
    }),
    bus: orderBus,
    log,
  });
  return {
    order,
    inventory,
    catalog,
    advanceInventoryClock: (ms) => {
      offset += ms;
    },
    stop: async () => {
      await order.stop();
      await catalog.stop();
      await inventory.stop();
      await bus.close();
      if (orderBus !== bus) await orderBus.close();
    },
  };
}
