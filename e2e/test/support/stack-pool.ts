import { freshMysqlDatabase, kafkaBrokers, waitFor } from '@stockgraph/testing';
import {
  type DistributedStack,
  type EmbeddedStack,
  readMetric,
  startDistributedStack,
  startEmbeddedStack,
  TraceCollector,
} from '../../src';

/**
 * The settings of the distributed stack suites share: on Kafka, and with limits some of its
 * suites test (three subscriptions per connection; a gateway that outwaits a slow subgraph).
 * Its suites check that subscribers get every event, once and in order, so no rate gate
 * conflates a burst (gateway/test/rate-gate.test.ts and the registry's tests cover the gate).
 * A suite that needs other settings starts a stack of its own.
 */
const SHARED_DISTRIBUTED_ENV = {
  SUBSCRIPTIONS_PER_CONNECTION: '3',
  SUBGRAPH_TIMEOUT_MS: '60000',
  SUBSCRIPTION_UPDATES_PER_SECOND: '0',
  // Tracing on, as an operator turns it on, but recording only what a test asks for by
  // sending a sampled traceparent: every other suite's traffic makes no spans to export.
  OTEL_TRACES_SAMPLER: 'parentbased_always_off',
  OTEL_BSP_SCHEDULE_DELAY: '200',
};

/** What a stack serves live: a suite starts once the previous suite's subscriptions have closed. */
async function quiet(what: string, gatewayOrigin: string, inventoryMetricsUrl: string): Promise<void> {
  await waitFor(
    async () =>
      (await readMetric(`${gatewayOrigin}/metrics`, 'gateway_upstream_subscriptions')) === 0 &&
      (await readMetric(inventoryMetricsUrl, 'stock_live_subscribers')) === 0,
    { what: `the ${what} stack to close the previous suite's subscriptions`, timeoutMs: 60_000 },
  );
}

/**
 * The stacks one jest worker shares between its test files: each kind is started by the
 * first file that asks and lives until the run's teardown stops it (its processes are noted
 * in the run's folder). Files in one worker run one after another, so a suite has the stack
 * to itself; it keeps to its own skus and locations where it can, puts back what it stops
 * or restarts, and closes what it opens. The pool lives in the worker's test environment
 * (shared-stacks-environment.ts), outside any one file's module registry.
 */
export class StackPool {
  private embeddedStack: Promise<EmbeddedStack> | null = null;
  private distributedStack: Promise<DistributedStack> | null = null;
  private collector: Promise<TraceCollector> | null = null;

  /** `npm start`'s process with its default settings. */
  async embedded(): Promise<EmbeddedStack> {
    this.embeddedStack ??= startEmbeddedStack();
    const stack = await this.keep(this.embeddedStack, () => (this.embeddedStack = null));
    if (stack.process.child.exitCode !== null || stack.process.child.signalCode !== null) {
      this.embeddedStack = null;
      return this.embedded();
    }
    await quiet('embedded', stack.origin, stack.url('inventory', '/metrics'));
    return stack;
  }

  /** Five processes on MariaDB and Kafka (`describeWithMysql` and `describeWithKafka` suites only). */
  async distributed(): Promise<DistributedStack> {
    this.distributedStack ??= (async () =>
      startDistributedStack({
        databases: {
          catalog: await freshMysqlDatabase('shared_catalog'),
          inventory: await freshMysqlDatabase('shared_inventory'),
          order: await freshMysqlDatabase('shared_order'),
        },
        env: {
          KAFKA_BROKERS: kafkaBrokers().join(','),
          OTEL_EXPORTER_OTLP_ENDPOINT: (await this.traces()).endpoint,
          ...SHARED_DISTRIBUTED_ENV,
        },
      }))();
    const stack = await this.keep(this.distributedStack, () => (this.distributedStack = null));
    // A suite that failed half way may have left a service stopped: it comes back as it was.
    for (const [name, service] of Object.entries(stack.services))
      if (service.child.exitCode !== null || service.child.signalCode !== null)
        await stack.restart(name as keyof DistributedStack['services']);
    await quiet('distributed', new URL(stack.gatewayUrl).origin, stack.urls.inventory.replace('/graphql', '/metrics'));
    return stack;
  }

  /** Where every process of the distributed stack sends its spans (the worker's OTLP receiver). */
  traces(): Promise<TraceCollector> {
    this.collector ??= new TraceCollector().start();
    return this.collector;
  }

  /** A stack that failed to start is forgotten, so the next suite tries again (and this one sees why). */
  private async keep<T>(starting: Promise<T>, forget: () => void): Promise<T> {
    try {
      return await starting;
    } catch (error) {
      forget();
      throw error;
    }
  }
}
