import type { DistributedStack, EmbeddedStack, TraceCollector } from '../../src';
import type { StackPool } from './stack-pool';

/** Where the test environment puts the worker's pool in each file's globals. */
export const SHARED_STACKS = '__stockgraphSharedStacks';

function pool(): StackPool {
  const shared = (globalThis as Record<string, unknown>)[SHARED_STACKS] as StackPool | undefined;
  if (!shared) throw new Error("no stack pool: e2e suites run in e2e's jest environment (e2e/jest.config.js)");
  return shared;
}

/** The worker's embedded stack (default settings), for a suite's `beforeAll`; never stop it. */
export function sharedEmbeddedStack(): Promise<EmbeddedStack> {
  return pool().embedded();
}

/** The worker's distributed stack on MariaDB and Kafka, for a suite's `beforeAll`; never stop it. */
export function sharedDistributedStack(): Promise<DistributedStack> {
  return pool().distributed();
}

/** The spans the worker's distributed stack exported (it records only traces a test starts sampled). */
export function sharedTraceCollector(): Promise<TraceCollector> {
  return pool().traces();
}
