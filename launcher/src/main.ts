import './tracing';
import { loadAccountsConfig, startAccounts } from '@stockgraph/accounts';
import { loadCatalogConfig, startCatalog } from '@stockgraph/catalog';
import { loadInventoryConfig, startInventory } from '@stockgraph/inventory';
import { loadOrderConfig, startOrder } from '@stockgraph/order';
import { createLogger, demoPassword, envVar, loadConfig, runService, type Stoppable } from '@stockgraph/runtime';
import { InProcessEventBus } from '@stockgraph/messaging';
import { loadGatewayConfig, startGateway } from '@stockgraph/gateway';
import { DEMO_CASHIER, DEMO_STORE_LOCATION, startDemoStore } from './demo-store';

/**
 * The embedded mode behind `npm start`: the gateway, all four subgraphs and one demo
 * store service (`lisbon-store`) in one process, each subgraph on its own SQLite file under DATA_DIR (or its own MariaDB
 * database when DATABASE_URL is set), sharing an in-process event bus instead of Kafka.
 * Each service still listens on its own port and is reached over HTTP, exactly as
 * when distributed.
 */
async function startEmbedded(): Promise<Stoppable> {
  // One machine, one user: the development issuer (key under DATA_DIR) unless a real one is configured.
  const env = {
    ...process.env,
    AUTH_MODE:
      process.env.AUTH_MODE ?? (process.env.AUTH_JWKS_URL || process.env.AUTH_PUBLIC_KEY_FILE ? 'external' : 'dev'),
  };
  const ports = loadConfig(
    {
      GATEWAY_PORT: envVar.port(4000),
      CATALOG_PORT: envVar.port(4001),
      INVENTORY_PORT: envVar.port(4002),
      ORDER_PORT: envVar.port(4003),
      ACCOUNTS_PORT: envVar.port(4004),
      STORE_PORT: envVar.port(4010),
      DEMO_STORE: envVar.bool(true),
      // Where the demo shop reaches the centre: the gateway, unless its link runs through something (a proxy, a test's cut cable).
      DEMO_STORE_GATEWAY_URL: envVar.optionalText(),
      HOST: envVar.text('127.0.0.1'),
      DATA_DIR: envVar.text('.data'),
      DEMO_PASSWORD: envVar.optionalText(),
    },
    env,
  );
  const url = (port: number) => `http://${ports.HOST}:${port}/graphql`;
  const urls = {
    CATALOG_URL: url(ports.CATALOG_PORT),
    INVENTORY_URL: url(ports.INVENTORY_PORT),
    ORDER_URL: url(ports.ORDER_PORT),
    ACCOUNTS_URL: url(ports.ACCOUNTS_PORT),
  };
  const devIssuer = env.AUTH_MODE === 'dev';
  const log = createLogger('embedded', 'info');
  const bus = new InProcessEventBus(log);
  const started: Stoppable[] = [];
  try {
    const inventory = await startInventory({
      config: loadInventoryConfig({ ...env, PORT: String(ports.INVENTORY_PORT) }),
      bus,
    });
    started.push(inventory);
    started.push(
      await startCatalog({ config: loadCatalogConfig({ ...env, ...urls, PORT: String(ports.CATALOG_PORT) }), bus }),
    );
    started.push(
      await startOrder({ config: loadOrderConfig({ ...env, ...urls, PORT: String(ports.ORDER_PORT) }), bus }),
    );
    started.push(
      await startAccounts({ config: loadAccountsConfig({ ...env, PORT: String(ports.ACCOUNTS_PORT) }), bus }),
    );
    // A machine running everything itself is a developer's: the console and introspection
    // are on unless the environment turns them off (distributed, both are off by default).
    const gatewayConfig = loadGatewayConfig({
      INTROSPECTION: 'true',
      CONSOLE: 'true',
      ...env,
      ...urls,
      PORT: String(ports.GATEWAY_PORT),
    });
    const gateway = await startGateway(gatewayConfig, { bus });
    started.push(gateway);
    const origin = `http://${ports.HOST}:${ports.GATEWAY_PORT}`;
    // A shop beside the centre, as DESIGN §10 has one in every store.
    const store = ports.DEMO_STORE
      ? await startDemoStore({
          inventory,
          env,
          gatewayUrl: ports.DEMO_STORE_GATEWAY_URL ?? `${origin}/graphql`,
          port: ports.STORE_PORT,
          bus,
          cashierPin: demoPassword(ports.DATA_DIR, ports.DEMO_PASSWORD),
        })
      : null;
    if (store) started.push(store);
    process.stdout.write(
      [
        '',
        'stockgraph is running (embedded mode: one process, SQLite, in-process events)',
        `  Storefront       ${origin}/`,
        `  Operations       ${origin}/ops (sign in as ops)`,
        `  GraphQL API      ${origin}/graphql`,
        gatewayConfig.console ? `  Ops console      ${origin}/graphiql` : '  Ops console      off (CONSOLE=false)',
        `  Health           ${origin}/health/ready`,
        ...(devIssuer
          ? [
              `  Demo sign-in     alice@example.com, bob@example.com, carol@example.com (storefront); ops, staff-lisbon-store (ops pages)`,
              `  Demo password    ${demoPassword(ports.DATA_DIR, ports.DEMO_PASSWORD)}   (DEMO_PASSWORD sets it; kept in ${ports.DATA_DIR}/auth/demo-password)`,
              `  Token (curl)     curl -s -X POST ${origin}/auth/token -H 'content-type: application/json' -d '{"user":"alice","password":"…"}'`,
            ]
          : ['  Sign-in          with your identity provider (AUTH_JWKS_URL)']),
        `  Subgraphs        ${urls.CATALOG_URL}  ${urls.INVENTORY_URL}  ${urls.ORDER_URL}  ${urls.ACCOUNTS_URL}`,
        store
          ? `  Demo store       ${store.url.replace(/\/graphql$/, '/till')} (${DEMO_STORE_LOCATION}; cashier "${DEMO_CASHIER}", the demo password as PIN; docs/stores.md)`
          : '  Demo store       off (DEMO_STORE=false)',
        '',
      ].join('\n') + '\n',
    );
  } catch (error) {
    await stopAll(started);
    throw error;
  }
  return {
    stop: async () => {
      await stopAll(started);
      await bus.close();
    },
  };
}

async function stopAll(started: Stoppable[]): Promise<void> {
  for (const service of [...started].reverse()) await service.stop();
}

runService('stockgraph', startEmbedded);
