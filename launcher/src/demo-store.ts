import fs from 'node:fs';
import path from 'node:path';
import type { RunningInventory } from '@stockgraph/inventory';
import type { EventBus } from '@stockgraph/messaging';
import { loadStoreConfig, type RunningStore, startStore } from '@stockgraph/store';

/** The demo shop `npm start` runs beside the centre. */
export const DEMO_STORE_LOCATION = 'lisbon-store';
/** The demo shop's cashier; the PIN is the demo password. */
export const DEMO_CASHIER = 'demo';

/**
 * Starts the embedded mode's demo store: its own SQLite file and port, the in-process bus,
 * and an API key for its location made on first start and kept under DATA_DIR (made again
 * if the centre no longer knows it, as after its database was reset).
 */
export async function startDemoStore(options: {
  inventory: Pick<RunningInventory, 'storeKeys'>;
  env: Record<string, string | undefined>;
  gatewayUrl: string;
  port: number;
  bus: EventBus;
  /** The demo cashier's PIN (the demo password), set on first start. */
  cashierPin: string;
}): Promise<RunningStore> {
  const dataDir = path.resolve(options.env.DATA_DIR ?? '.data');
  const keyFile = path.join(dataDir, 'store', `${DEMO_STORE_LOCATION}.key`);
  let apiKey = fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : null;
  if (apiKey === null || (await options.inventory.storeKeys.verify(apiKey)) === null) {
    const created = await options.inventory.storeKeys.create(DEMO_STORE_LOCATION, 'demo store (npm start)', {
      subject: 'embedded',
      roles: ['ops'],
      locations: [],
    });
    apiKey = created.secret;
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
  }
  const config = loadStoreConfig({
    ...options.env,
    PORT: String(options.port),
    STORE_LOCATION_ID: DEMO_STORE_LOCATION,
    STORE_API_KEY: apiKey,
    GATEWAY_URL: options.gatewayUrl,
    // Its own file even when the centre's services share MariaDB: a shop's database is its own.
    DATABASE_URL:
      options.env.STORE_DATABASE_URL ?? `sqlite:${path.join(dataDir, `store-${DEMO_STORE_LOCATION}.sqlite`)}`,
  });
  const store = await startStore({ config, bus: options.bus });
  const operations = { subject: 'embedded', roles: ['ops' as const], locations: [] };
  if (!(await store.tills.cashierNames(operations)).includes(DEMO_CASHIER))
    await store.tills.setCashier(operations, DEMO_CASHIER, options.cashierPin);
  return store;
}
