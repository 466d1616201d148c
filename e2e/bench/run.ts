import { printAbuseBench, runAbuseBench } from './abuse.bench';
import { printAccountsBench, runAccountsBench } from './accounts.bench';
import { printCheckoutBench, runCheckoutBench } from './checkout.bench';
import { printIdleBench, runIdleBench } from './idle.bench';
import { printIngestionBench, runIngestionBench } from './ingestion.bench';
import { printQueryBench, runQueryBench } from './queries.bench';
import { printStorefrontBench, runStorefrontBench } from './storefront.bench';
import { printStoreBench, runStoreBench } from './stores.bench';
import { printReservationBench, runReservationBench } from './reservations.bench';
import { printSubscriptionBench, runSubscriptionBench } from './subscriptions.bench';
import { printTracingBench, runTracingBench } from './tracing.bench';
import { printRestartBench, runRestartBench } from './restart.bench';

/**
 * `npm run bench`: the benchmarks, one after another, against the real stack on this
 * machine (MariaDB at BENCH_MYSQL_URL, Kafka started locally unless BENCH_KAFKA_BROKERS).
 * They print figures; they assert nothing. BENCH_ONLY=subscriptions runs one
 * (reservations, queries, checkout, ingestion, subscriptions, storefront, stores, idle, abuse, accounts, tracing, restart).
 */
async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!only || only === 'reservations') {
    process.stdout.write('\n== reservations ==\n');
    const result = await runReservationBench({
      clients: 64,
      seconds: Number(process.env.BENCH_SECONDS ?? 15),
    });
    printReservationBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'reservations', ...result })}\n`);
  }
  if (!only || only === 'tracing') {
    process.stdout.write('\n== tracing overhead (reservations) ==\n');
    const runs = await runTracingBench({ clients: 64, seconds: Number(process.env.BENCH_SECONDS ?? 15) });
    printTracingBench(runs);
    process.stdout.write(`${JSON.stringify({ bench: 'tracing', runs })}\n`);
  }
  if (!only || only === 'restart') {
    process.stdout.write('\n== restart after a crash ==\n');
    const runs = await runRestartBench({ rounds: Number(process.env.BENCH_ROUNDS ?? 5) });
    printRestartBench(runs);
    process.stdout.write(`${JSON.stringify({ bench: 'restart', runs })}\n`);
  }
  if (!only || only === 'queries') {
    process.stdout.write('\n== queries ==\n');
    const result = await runQueryBench({ clients: 64, seconds: Number(process.env.BENCH_SECONDS ?? 15) });
    printQueryBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'queries', ...result })}\n`);
  }
  if (!only || only === 'checkout') {
    process.stdout.write('\n== checkout stock validation ==\n');
    const result = await runCheckoutBench({
      cartLines: 20,
      seconds: Number(process.env.BENCH_SECONDS ?? 15),
      clients: 16,
      stockChangesPerSecond: 50,
    });
    printCheckoutBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'checkout', ...result })}\n`);
  }
  if (!only || only === 'ingestion') {
    process.stdout.write('\n== stock event ingestion ==\n');
    const result = await runIngestionBench({
      rate: Math.round(5000 * scale),
      seconds: Number(process.env.BENCH_SECONDS ?? 20),
      skus: 10_000,
      locations: 20,
    });
    printIngestionBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'ingestion', ...result })}\n`);
  }
  if (!only || only === 'subscriptions') {
    // Issue 12's cases; BENCH_SUBSCRIPTION_CASE=spread|crowd|hot runs one.
    const cases = {
      spread: { name: 'spread', subscribers: 1000, skus: 1000, skusPerSubscriber: 10, changesPerSecond: 1000 },
      crowd: { name: 'crowd', subscribers: 10_000, skus: 1000, skusPerSubscriber: 10, changesPerSecond: 200 },
      hot: { name: 'hot sku', subscribers: 2000, skus: 1, skusPerSubscriber: 1, changesPerSecond: 100 },
    };
    const pick = process.env.BENCH_SUBSCRIPTION_CASE as keyof typeof cases | undefined;
    for (const [key, shape] of Object.entries(cases)) {
      if (pick && pick !== key) continue;
      process.stdout.write(`\n== federated subscriptions over Kafka: ${shape.name} ==\n`);
      const result = await runSubscriptionBench({
        ...shape,
        subscribers: Number(process.env.BENCH_SUBSCRIBERS ?? Math.round(shape.subscribers * scale)),
        changesPerSecond: Math.round(shape.changesPerSecond * scale),
        seconds: Number(process.env.BENCH_SECONDS ?? 20),
      });
      printSubscriptionBench(result);
      process.stdout.write(`${JSON.stringify({ bench: `subscriptions-${key}`, ...result })}\n`);
    }
  }
  if (!only || only === 'storefront') {
    process.stdout.write('\n== storefront in a real browser ==\n');
    const result = await runStorefrontBench({ changes: Math.max(100, Math.round(100 * scale)) });
    printStorefrontBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'storefront', ...result })}\n`);
  }
  if (!only || only === 'idle') {
    process.stdout.write('\n== at rest ==\n');
    const result = await runIdleBench({ settleSeconds: 15, seconds: Number(process.env.BENCH_IDLE_SECONDS ?? 60) });
    printIdleBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'idle', ...result })}\n`);
  }
  if (!only || only === 'abuse') {
    process.stdout.write('\n== oversized requests: refusal and the storefront beside them ==\n');
    const result = await runAbuseBench({ seconds: Number(process.env.BENCH_ABUSE_SECONDS ?? 10) });
    printAbuseBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'abuse', ...result })}\n`);
  }
  if (!only || only === 'accounts') {
    process.stdout.write('\n== accounts: password hashing, sign-in timing ==\n');
    const result = await runAccountsBench({ rounds: Number(process.env.BENCH_ACCOUNTS_ROUNDS ?? 30) });
    printAccountsBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'accounts', ...result })}\n`);
  }
  if (!only || only === 'stores') {
    process.stdout.write('\n== stores: replica, till and the centre ==\n');
    const result = await runStoreBench({ changes: Math.max(100, Math.round(100 * scale)) });
    printStoreBench(result);
    process.stdout.write(`${JSON.stringify({ bench: 'stores', ...result })}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
