import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DistributedStack } from './distributed-stack';
import { freePorts } from './free-ports';
import { type ServiceProcess, startServiceProcess, waitUntilReady } from './service-process';

export interface StoreProcess {
  /** The store's own GraphQL endpoint (the till's API). */
  url: string;
  /** Its SQLite file: a restart keeps it, a rebuild starts without it. */
  databaseFile: string;
  process: ServiceProcess;
  /** SIGTERM (SIGKILL with `crash`) and start again on the same database and port, with `env` over the first settings. */
  restart(options?: { crash?: boolean; env?: Record<string, string> }): Promise<void>;
  stop(): Promise<void>;
}

/** What a store needs of the stack it is a shop of (a distributed or a replicated one). */
export type StoreCentre = Pick<DistributedStack, 'gatewayUrl' | 'authKeyFile' | 'kafkaNamespace'>;

/**
 * A shop's store service as its own process (`store/service/dist/main.js`) beside a
 * distributed or replicated stack: its own SQLite file, the stack's broker and topic
 * namespace, the development issuer's key, the gateway (or the gateways' balancer) as its
 * centre.
 */
export async function startStoreProcess(
  stack: StoreCentre,
  options: { locationId: string; apiKey: string; env?: Record<string, string> },
): Promise<StoreProcess> {
  const [port] = (await freePorts(1)) as [number];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stockgraph-store-${options.locationId}-`));
  const databaseFile = path.join(dir, 'store.sqlite');
  const env: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: `sqlite:${databaseFile}`,
    STORE_LOCATION_ID: options.locationId,
    STORE_API_KEY: options.apiKey,
    GATEWAY_URL: stack.gatewayUrl,
    AUTH_MODE: 'dev',
    AUTH_DEV_KEY_FILE: stack.authKeyFile,
    SEED_DEMO_DATA: 'false',
    ...(stack.kafkaNamespace ? { KAFKA_NAMESPACE: stack.kafkaNamespace } : {}),
    ...options.env,
  };
  const launch = async (extra: Record<string, string> = {}) => {
    const child = startServiceProcess(`store-${options.locationId}`, 'store/service/dist/main.js', {
      ...env,
      ...extra,
    });
    await waitUntilReady(child, `http://127.0.0.1:${port}/health/ready`);
    return child;
  };
  const store: StoreProcess = {
    url: `http://127.0.0.1:${port}/graphql`,
    databaseFile,
    process: await launch(),
    restart: async ({ crash = false, env: extra = {} } = {}) => {
      await (crash ? store.process.kill() : store.process.stop());
      store.process = await launch(extra);
    },
    stop: async () => {
      await store.process.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return store;
}
