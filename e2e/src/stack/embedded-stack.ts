import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from './free-ports';
import {
  type ServiceProcess,
  startServiceProcess,
  TEST_ACCOUNTS_ENV,
  UNLIMITED_GATEWAY,
  waitUntilReady,
} from './service-process';

/** `npm start`'s process, started the way a user starts it, on fresh SQLite files. */
export interface EmbeddedStack {
  process: ServiceProcess;
  /** The gateway, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** `store` is the demo store's, which runs only when the suite asks for it (`DEMO_STORE: 'true'`). */
  ports: { gateway: number; catalog: number; inventory: number; order: number; accounts: number; store: number };
  /** Where its SQLite files are. */
  dataDir: string;
  /** The development key it signs and verifies tokens with (`stackTokens` mints more with it). */
  authKeyFile: string;
  /** Each subgraph's (or the demo store's) own URL, for calls that bypass the gateway. */
  url(service: 'catalog' | 'inventory' | 'order' | 'accounts' | 'store', route?: string): string;
  /** Stops the process and deletes its data. */
  stop(): Promise<void>;
}

/** Starts `launcher/dist/main.js` on ports the OS picks and waits until every part it runs is ready. */
export async function startEmbeddedStack(env: Record<string, string> = {}): Promise<EmbeddedStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-embedded-'));
  const [picked, catalog, inventory, order, accounts, store] = (await freePorts(6)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // A suite may choose the gateway's port, to put something (a proxy) in front of it before it starts.
  const gateway = env.GATEWAY_PORT ? Number(env.GATEWAY_PORT) : picked;
  const ports = { gateway, catalog, inventory, order, accounts, store };
  // No auth settings, as `npm start` has none: the process trusts the development issuer, whose key it makes under DATA_DIR.
  const authKeyFile = env.AUTH_DEV_KEY_FILE ?? path.join(dataDir, 'auth', 'dev-issuer-key.json');
  const process = startServiceProcess('embedded', 'launcher/dist/main.js', {
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(gateway),
    CATALOG_PORT: String(catalog),
    INVENTORY_PORT: String(inventory),
    ORDER_PORT: String(order),
    ACCOUNTS_PORT: String(accounts),
    STORE_PORT: String(store),
    LOG_LEVEL: 'warn',
    ...UNLIMITED_GATEWAY,
    ...TEST_ACCOUNTS_ENV,
    // The demo store sets stock aside at lisbon-store as soon as it starts: only suites about it want that.
    DEMO_STORE: 'false',
    ...env,
  });
  const origin = `http://127.0.0.1:${gateway}`;
  const stop = async () => {
    await process.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const port of [gateway, catalog, inventory, order, accounts, ...(env.DEMO_STORE === 'true' ? [store] : [])])
      await waitUntilReady(process, `http://127.0.0.1:${port}/health/ready`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    process,
    origin,
    ports,
    dataDir,
    authKeyFile,
    url: (service, route = '/graphql') => `http://127.0.0.1:${ports[service]}${route}`,
    stop,
  };
}
