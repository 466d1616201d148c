import { GraphQLClient } from '@stockgraph/runtime';
import { originOf, startDistributedStack, tokenFrom } from '../src';
import { BENCH_KAFKA_BROKERS, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { closedLoop, formatMs, type LatencySummary } from './support/stats';

export interface QueryRun {
  clients: number;
  seconds: number;
  requests: number;
  failed: number;
  perSecond: number;
  latency: LatencySummary;
}

export interface QueryBenchResult {
  /** No token: the gateway calls catalog and inventory as itself, acting for anonymous. */
  anonymous: QueryRun;
  /** A customer's token, verified at the gateway and again by each subgraph it is forwarded to. */
  signedIn: QueryRun;
}

// A storefront page: two subgraphs (catalog's products, inventory's live availability).
const LISTING = `query Listing($after: String) {
  products(first: 20, after: $after) { edges { cursor node { sku name price { amount currency } inventory { available } } } }
}`;

async function listingLoop(gateway: GraphQLClient, clients: number, seconds: number): Promise<QueryRun> {
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
  };
}

/**
 * The storefront listing through the gateway on the distributed stack, without a token
 * and with a customer's: what verification and forwarding cost a read. Compare with the
 * same run of a build without authentication (docs/benchmarks.md).
 */
export async function runQueryBench(options: { clients: number; seconds: number }): Promise<QueryBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    databases: await freshBenchDatabases('queries'),
    env: { KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '32' },
  });
  try {
    const token = await tokenFrom(originOf(stack.gatewayUrl), { user: 'alice' });
    const anonymous = new GraphQLClient('gateway', stack.gatewayUrl, 30_000);
    const customer = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
      authorization: () => Promise.resolve(`Bearer ${token}`),
    });
    // Warm-up: plan cache, pools, JIT.
    await listingLoop(anonymous, 8, 2);
    await listingLoop(customer, 8, 2);
    process.stdout.write(`  ${options.clients} clients, anonymous, ${options.seconds} s…\n`);
    const anonymousRun = await listingLoop(anonymous, options.clients, options.seconds);
    process.stdout.write(`  ${options.clients} clients, signed in, ${options.seconds} s…\n`);
    const signedIn = await listingLoop(customer, options.clients, options.seconds);
    return { anonymous: anonymousRun, signedIn };
  } finally {
    await stack.stop();
  }
}

function line(name: string, run: QueryRun): string {
  return `  ${name.padEnd(12)} ${run.perSecond.toFixed(0)} req/s (${run.failed} failed)  p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}`;
}

export function printQueryBench(r: QueryBenchResult): void {
  process.stdout.write(
    [
      `product listing through the gateway, ${r.anonymous.clients} concurrent clients`,
      line('anonymous', r.anonymous),
      line('signed in', r.signedIn),
    ].join('\n') + '\n',
  );
}
