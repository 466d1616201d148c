import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Balancer, startBalancer } from './balancer';
import { freePorts } from './free-ports';
import {
  type ServiceProcess,
  startServiceProcess,
  TEST_ACCOUNTS_ENV,
  UNLIMITED_GATEWAY,
  waitUntilReady,
} from './service-process';

export type ReplicatedService = 'gateway' | 'catalog' | 'inventory' | 'order' | 'accounts';
const ENTRIES: Record<ReplicatedService, string> = {
  gateway: 'gateway/dist/main.js',
  catalog: 'subgraphs/catalog/dist/main.js',
  inventory: 'subgraphs/inventory/dist/main.js',
  order: 'subgraphs/order/dist/main.js',
  accounts: 'subgraphs/accounts/dist/main.js',
};
const SERVICES = Object.keys(ENTRIES) as ReplicatedService[];

export interface ReplicatedStack {
  /** Through the balancer in front of both gateways. */
  gatewayUrl: string;
  /** Each gateway's own URL (a client bound to one instance, as a WebSocket is). */
  gatewayUrls: [string, string];
  /** Each subgraph through the balancer in front of its two instances. */
  urls: Record<Exclude<ReplicatedService, 'gateway'>, string>;
  kafkaNamespace: string;
  authKeyFile: string;
  instances: Record<ReplicatedService, [ServiceProcess, ServiceProcess]>;
  /** SIGKILLs one instance, starts it again on its port, and resolves with ms from the kill to its readiness. */
  crashAndRestart(service: ReplicatedService, index: 0 | 1): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Two of everything, as an operator runs it on more than one machine: two gateways and two
 * instances of each subgraph, each pair sharing its database, Kafka and Redis, each pair
 * behind a round-robin balancer that every caller (and every service calling another) goes
 * through. Resolves once all ten report ready.
 */
export async function startReplicatedStack(options: {
  databases: Record<Exclude<ReplicatedService, 'gateway'>, string>;
  env: Record<string, string>;
}): Promise<ReplicatedStack> {
  const ports = await freePorts(SERVICES.length * 2);
  const portOf = (service: ReplicatedService, index: 0 | 1) => ports[SERVICES.indexOf(service) * 2 + index];
  const balancers = new Map<ReplicatedService, Balancer>();
  for (const service of SERVICES) balancers.set(service, await startBalancer([portOf(service, 0), portOf(service, 1)]));
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const via = (service: ReplicatedService) => url((balancers.get(service) as Balancer).port);
  const authDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-auth-'));
  const common: Record<string, string> = {
    ...UNLIMITED_GATEWAY,
    ...TEST_ACCOUNTS_ENV,
    KAFKA_NAMESPACE: `replicas-${randomUUID().slice(0, 8)}.`,
    AUTH_MODE: 'dev',
    AUTH_DEV_KEY_FILE: path.join(authDir, 'dev-issuer-key.json'),
    ...options.env,
    CATALOG_URL: via('catalog'),
    INVENTORY_URL: via('inventory'),
    ORDER_URL: via('order'),
    ACCOUNTS_URL: via('accounts'),
  };
  const databaseOf = (service: ReplicatedService): Record<string, string> =>
    service === 'gateway' ? {} : { DATABASE_URL: options.databases[service] };
  const running: ServiceProcess[] = [];
  const launch = async (service: ReplicatedService, index: 0 | 1): Promise<ServiceProcess> => {
    const port = portOf(service, index);
    const proc = startServiceProcess(`${service}-${index}`, ENTRIES[service], {
      ...common,
      ...databaseOf(service),
      PORT: String(port),
      INSTANCE_ID: `${service}-${index}`,
    });
    running.push(proc);
    await waitUntilReady(proc, `http://127.0.0.1:${port}/health/ready`, 120_000);
    return proc;
  };
  const instances = {} as ReplicatedStack['instances'];
  try {
    // Inventory first (it creates the topics), one instance then the other: two processes
    // migrating one fresh database at once would race for its tables.
    for (const service of ['inventory', 'catalog', 'order', 'accounts', 'gateway'] as const) {
      const first = await launch(service, 0);
      instances[service] = [first, await launch(service, 1)];
    }
  } catch (error) {
    await Promise.all(running.map((p) => p.kill()));
    await Promise.all([...balancers.values()].map((b) => b.close()));
    fs.rmSync(authDir, { recursive: true, force: true });
    throw error;
  }
  return {
    gatewayUrl: via('gateway'),
    gatewayUrls: [url(portOf('gateway', 0)), url(portOf('gateway', 1))],
    urls: { catalog: via('catalog'), inventory: via('inventory'), order: via('order'), accounts: via('accounts') },
    kafkaNamespace: common.KAFKA_NAMESPACE,
    authKeyFile: common.AUTH_DEV_KEY_FILE,
    instances,
    crashAndRestart: async (service, index) => {
      const killedAt = Date.now();
      await instances[service][index].kill();
      instances[service][index] = await launch(service, index);
      return Date.now() - killedAt;
    },
    stop: async () => {
      await Promise.all(running.map((p) => p.stop()));
      await Promise.all([...balancers.values()].map((b) => b.close()));
      fs.rmSync(authDir, { recursive: true, force: true });
    },
  };
}
