import { freePorts } from './free-ports';
import { type ServiceProcess, startServiceProcess, TEST_DEMO_PASSWORD, waitUntilReady } from './service-process';

export interface GatewayProcess {
  process: ServiceProcess;
  /** Its GraphQL endpoint, e.g. `http://127.0.0.1:40123/graphql`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * One more gateway (`node gateway/dist/main.js`) on a port the OS picks, in front of
 * subgraphs that are already running: how a deployment adds gateway instances.
 */
export async function startGatewayProcess(
  name: string,
  subgraphs: { catalog: string; inventory: string; order: string; accounts: string },
  env: Record<string, string>,
): Promise<GatewayProcess> {
  const [port] = (await freePorts(1)) as [number];
  const process = startServiceProcess(name, 'gateway/dist/main.js', {
    DEMO_PASSWORD: TEST_DEMO_PASSWORD,
    ...env,
    PORT: String(port),
    CATALOG_URL: subgraphs.catalog,
    INVENTORY_URL: subgraphs.inventory,
    ORDER_URL: subgraphs.order,
    ACCOUNTS_URL: subgraphs.accounts,
  });
  try {
    await waitUntilReady(process, `http://127.0.0.1:${port}/health/ready`);
  } catch (error) {
    await process.kill();
    throw error;
  }
  return { process, url: `http://127.0.0.1:${port}/graphql`, stop: () => process.stop() };
}
