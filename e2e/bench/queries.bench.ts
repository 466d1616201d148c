import { GraphQLClient } from '@stockgraph/runtime';
import { originOf, startDistributedStack, startGatewayProcess, tokenFrom, UNLIMITED_GATEWAY } from '../src';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { cpuSpent, type CpuReading, readCpu } from './support/cpu-accounting';
import { closedLoop, formatMs, type LatencySummary } from './support/stats';

export interface QueryRun {
  clients: number;
  seconds: number;
  requests: number;
  failed: number;
  perSecond: number;
  latency: LatencySummary;
  /** CPU seconds per process over the run; `gateway` is the gateway the run went through. */
  cpu: CpuReading;
}

export interface QueryBenchResult {
  /** No token: the gateway calls catalog and inventory as itself, acting for anonymous. */
  anonymous: QueryRun;
  /** The same through a second gateway with in-flight de-duplication off (SUBGRAPH_DEDUPE=false). */
  anonymousWithoutDedupe: QueryRun;
  /** A customer's token, verified at the gateway and again by each subgraph it is forwarded to. */
  signedIn: QueryRun;
  /** Subgraph fetches the de-duplicating gateway did not send, over its runs. */
  sharedFetches: number;
}

// A storefront page: two subgraphs (catalog's products, inventory's live availability).
const LISTING = `query Listing($after: String) {
  products(first: 20, after: $after) { edges { cursor node { sku name price { amount currency } inventory { available } } } }
}`;

async function listingLoop(
  gateway: GraphQLClient,
  clients: number,
  seconds: number,
  metrics: Record<string, string>,
): Promise<QueryRun> {
  const before = await readCpu(metrics);
  const run = await closedLoop(clients, seconds, async () => {
    await gateway.request(LISTING, {});
    return 'ok';
  });
  return {
    clients,
    seconds,
    requests: run.requests,
    failed: run.outcomes.failed ?? 0,
    perSecond: run.perSecond,
    latency: run.latency,
    cpu: cpuSpent(before, await readCpu(metrics)),
  };
}

/**
 * The storefront listing through the gateway on the distributed stack, without a token
 * and with a customer's: what verification and forwarding cost a read. Anonymous runs go
 * through the stack's gateway and, side by side, a second gateway on the same subgraphs
 * with in-flight de-duplication off: what sharing identical subgraph fetches saves.
 */
export async function runQueryBench(options: { clients: number; seconds: number }): Promise<QueryBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    databases: await freshBenchDatabases('queries'),
    env: benchStackEnv({ KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '32' }),
  });
  const peer = await startGatewayProcess('gateway-without-dedupe', stack.urls, {
    ...UNLIMITED_GATEWAY,
    AUTH_MODE: 'dev',
    AUTH_DEV_KEY_FILE: stack.authKeyFile,
    LOG_LEVEL: 'warn',
    SUBGRAPH_DEDUPE: 'false',
  }).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  try {
    const token = await tokenFrom(originOf(stack.gatewayUrl), { user: 'alice' });
    const anonymous = new GraphQLClient('gateway', stack.gatewayUrl, 30_000);
    const anonymousPeer = new GraphQLClient('gateway', peer.url, 30_000);
    const customer = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
      authorization: () => Promise.resolve(`Bearer ${token}`),
    });
    const subgraphMetrics = {
      catalog: stack.urls.catalog.replace('/graphql', '/metrics'),
      inventory: stack.urls.inventory.replace('/graphql', '/metrics'),
    };
    const through = (gatewayUrl: string) => ({
      gateway: gatewayUrl.replace('/graphql', '/metrics'),
      ...subgraphMetrics,
    });
    const gatewayMetrics = through(stack.gatewayUrl);
    const peerMetrics = through(peer.url);
    const shared = async () => {
      const text = await (await fetch(gatewayMetrics.gateway)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith('gateway_subgraph_fetches_shared_total{'))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    };
    // Warm-up: plan cache, pools, JIT.
    await listingLoop(anonymous, 8, 2, gatewayMetrics);
    await listingLoop(anonymousPeer, 8, 2, peerMetrics);
    await listingLoop(customer, 8, 2, gatewayMetrics);
    const sharedBefore = await shared();
    process.stdout.write(`  ${options.clients} clients, anonymous, ${options.seconds} s…\n`);
    const anonymousRun = await listingLoop(anonymous, options.clients, options.seconds, gatewayMetrics);
    process.stdout.write(`  ${options.clients} clients, anonymous, de-duplication off, ${options.seconds} s…\n`);
    const anonymousWithoutDedupe = await listingLoop(anonymousPeer, options.clients, options.seconds, peerMetrics);
    process.stdout.write(`  ${options.clients} clients, signed in, ${options.seconds} s…\n`);
    const signedIn = await listingLoop(customer, options.clients, options.seconds, gatewayMetrics);
    return {
      anonymous: anonymousRun,
      anonymousWithoutDedupe,
      signedIn,
      sharedFetches: (await shared()) - sharedBefore,
    };
  } finally {
    await peer.stop();
    await stack.stop();
  }
}

function line(name: string, run: QueryRun): string {
  const perRequest = (part: string) => (((run.cpu[part] ?? 0) * 1000) / Math.max(1, run.requests)).toFixed(2);
  return `  ${name.padEnd(20)} ${run.perSecond.toFixed(0)} req/s (${run.failed} failed)  p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}  CPU ms per request: gateway ${perRequest('gateway')}, catalog ${perRequest('catalog')}, inventory ${perRequest('inventory')}, MariaDB ${perRequest('mariadb')}`;
}

export function printQueryBench(r: QueryBenchResult): void {
  process.stdout.write(
    [
      `product listing through the gateway, ${r.anonymous.clients} concurrent clients`,
      line('anonymous', r.anonymous),
      line('  de-duplication off', r.anonymousWithoutDedupe),
      line('signed in', r.signedIn),
      `  subgraph fetches shared (not sent) by the de-duplicating gateway: ${r.sharedFetches}`,
    ].join('\n') + '\n',
  );
}
