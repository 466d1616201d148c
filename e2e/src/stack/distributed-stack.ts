import { randomUUID } from 'node:crypto';
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

export interface StackOptions {
  /** Gateway port; the subgraphs take the next four. Omitted: five free ports the OS picks (nothing to collide with on a shared machine). */
  basePort?: number;
  /** DATABASE_URL per subgraph: one MariaDB database each; accounts' defaults to order's name + `_accounts` (created at start). */
  databases: { catalog: string; inventory: string; order: string; accounts?: string };
  /** Extra environment for every service, the gateway included (with KAFKA_BROKERS its dead-letter tail reads Kafka). */
  env?: Record<string, string>;
}

type ServiceName = 'catalog' | 'inventory' | 'order' | 'accounts' | 'gateway';

export interface DistributedStack {
  gatewayUrl: string;
  /** The topic and group prefix on the broker (empty without Kafka). */
  kafkaNamespace: string;
  urls: { catalog: string; inventory: string; order: string; accounts: string };
  /** The development key every process of the stack trusts (`stackTokens` mints tokens with it). */
  authKeyFile: string;
  services: Record<ServiceName, ServiceProcess>;
  /**
   * Stops one service (SIGTERM, or SIGKILL with `crash`), runs `whileDown` if given, and
   * starts it again with the same settings.
   */
  restart(
    name: ServiceName,
    options?: { crash?: boolean; whileDown?: () => Promise<void>; env?: Record<string, string> },
  ): Promise<void>;
  /** Stops a service for good (SIGKILL with `crash`); `restart` brings it back. */
  halt(name: ServiceName, options?: { crash?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The distributed mode as an operator runs it: five processes (`node <service>/dist/main.js`),
 * each subgraph on its own MariaDB database, the gateway in front. Resolves once every
 * service reports ready.
 */
export async function startDistributedStack(options: StackOptions): Promise<DistributedStack> {
  const { basePort } = options;
  const ports = basePort === undefined ? await freePorts(5) : [0, 1, 2, 3, 4].map((offset) => basePort + offset);
  const port = (offset: number) => String(ports[offset]);
  const url = (offset: number) => `http://127.0.0.1:${port(offset)}/graphql`;
  const urls = { catalog: url(1), inventory: url(2), order: url(3), accounts: url(4) };
  const accountsDatabase = options.databases.accounts ?? siblingDatabase(options.databases.order, 'accounts');
  // Stacks sharing one broker must not share topics or consumer groups.
  const namespace: Record<string, string> = options.env?.KAFKA_BROKERS
    ? { KAFKA_NAMESPACE: `stack-${port(0)}-${randomUUID().slice(0, 8)}.` }
    : {};
  // Distributed as on one developer's machine: every process trusts the development issuer
  // through one key file (the gateway issues tokens with it; services sign their own).
  const authDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-auth-'));
  const auth: Record<string, string> = {
    AUTH_MODE: 'dev',
    AUTH_DEV_KEY_FILE: path.join(authDir, 'dev-issuer-key.json'),
  };
  const common: Record<string, string> = {
    ...UNLIMITED_GATEWAY,
    ...TEST_ACCOUNTS_ENV,
    ...namespace,
    ...auth,
    ...options.env,
    CATALOG_URL: urls.catalog,
    INVENTORY_URL: urls.inventory,
    ORDER_URL: urls.order,
    ACCOUNTS_URL: urls.accounts,
  };
  const started: ServiceProcess[] = [];
  const launchers = new Map<string, (extra?: Record<string, string>) => Promise<ServiceProcess>>();
  const start = async (name: string, entry: string, offset: number, env: Record<string, string>) => {
    const launch = async (extra: Record<string, string> = {}) => {
      const service = startServiceProcess(name, entry, { ...common, ...env, ...extra, PORT: port(offset) });
      started.push(service);
      await waitUntilReady(service, `http://127.0.0.1:${port(offset)}/health/ready`);
      return service;
    };
    launchers.set(name, launch);
    return launch();
  };
  try {
    // Inventory first: it creates the topics and is first to join consumer groups, so a fresh
    // broker's group coordinator is up before the others join (started all at once, catalog
    // once never became ready on a broker just started). Then the other three at once: the
    // gateway reads the committed supergraph and needs no subgraph to start.
    const inventory = await start('inventory', 'subgraphs/inventory/dist/main.js', 2, {
      DATABASE_URL: options.databases.inventory,
    });
    // Settled, not raced: on a failure every process has started, so the cleanup below stops them all.
    const settled = await Promise.allSettled([
      start('catalog', 'subgraphs/catalog/dist/main.js', 1, { DATABASE_URL: options.databases.catalog }),
      start('order', 'subgraphs/order/dist/main.js', 3, { DATABASE_URL: options.databases.order }),
      start('accounts', 'subgraphs/accounts/dist/main.js', 4, { DATABASE_URL: accountsDatabase }),
      start('gateway', 'gateway/dist/main.js', 0, {}),
    ]);
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const [catalog, order, accounts, gateway] = settled.map(
      (result) => (result as PromiseFulfilledResult<ServiceProcess>).value,
    ) as [ServiceProcess, ServiceProcess, ServiceProcess, ServiceProcess];
    const services: Record<ServiceName, ServiceProcess> = { catalog, inventory, order, accounts, gateway };
    return {
      gatewayUrl: url(0),
      kafkaNamespace: common.KAFKA_NAMESPACE ?? '',
      urls,
      authKeyFile: common.AUTH_DEV_KEY_FILE ?? '',
      services,
      restart: async (name, { crash = false, whileDown, env } = {}) => {
        const current = services[name];
        await (crash ? current.kill() : current.stop());
        await whileDown?.();
        const launch = launchers.get(name);
        if (!launch) throw new Error(`unknown service ${name}`);
        services[name] = await launch(env);
      },
      halt: async (name, { crash = false } = {}) => {
        await (crash ? services[name].kill() : services[name].stop());
      },
      stop: async () => {
        await Promise.all(started.map((s) => s.stop()));
        fs.rmSync(authDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.kill()));
    fs.rmSync(authDir, { recursive: true, force: true });
    throw error;
  }
}

/** The URL of a database beside `url`'s on the same server, named after it with `_suffix`. */
function siblingDatabase(url: string, suffix: string): string {
  const sibling = new URL(url);
  sibling.pathname = `${sibling.pathname.replace(/\/$/, '')}_${suffix}`;
  return sibling.toString();
}
