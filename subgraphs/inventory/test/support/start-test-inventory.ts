import { freshDatabase, testAuthEnv, type TestDialect } from '@stockgraph/testing';
import { InProcessEventBus, type IncomingMessage } from '@stockgraph/messaging';
import pino from 'pino';
import { loadInventoryConfig, startInventory, type RunningInventory } from '../../src';

export interface TestInventory extends RunningInventory {
  /** Every event the service published, in order. */
  events: IncomingMessage[];
  /** Every dead letter of warehouse ingestion, in order. */
  deadLetters: IncomingMessage[];
  /** The service's in-process bus, to publish warehouse events as a warehouse system would. */
  bus: InProcessEventBus;
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  /** The service's clock now, epoch ms. */
  now(): number;
}

/** Starts the inventory service on a fresh database of `dialect`, on a free port, with a clock the test controls. */
export async function startTestInventory(
  dialect: TestDialect,
  purpose: string,
  env: Record<string, string> = {},
): Promise<TestInventory> {
  const url = await freshDatabase(dialect, purpose);
  const log = pino({ level: 'warn' });
  const bus = new InProcessEventBus(log);
  const events: IncomingMessage[] = [];
  await bus.consume({
    groupId: 'test-recorder',
    topics: ['inventory.stock.v1', 'inventory.reservations.v1'],
    handleBatch: async (batch) => {
      events.push(...batch);
    },
  });
  const deadLetters: IncomingMessage[] = [];
  await bus.consume({
    groupId: 'test-dead-letters',
    topics: ['warehouse.stock-updated.v1.dlq'],
    handleBatch: async (batch) => {
      deadLetters.push(...batch);
    },
  });
  let offset = 0;
  const inventory = await startInventory({
    // Tests sweep when they mean to (sweeper.sweep()), never behind their back.
    config: loadInventoryConfig({
      ...testAuthEnv,
      DATABASE_URL: url,
      PORT: '0',
      SEED_DEMO_DATA: 'false',
      OUTBOX_POLL_MS: '100',
      RESERVATION_SWEEP_INTERVAL_MS: '3600000',
      ...env,
    }),
    bus,
    log,
    clock: () => Date.now() + offset,
  });
  return {
    ...inventory,
    events,
    deadLetters,
    bus,
    advance: (ms) => {
      offset += ms;
    },
    now: () => Date.now() + offset,
    stop: async () => {
      await inventory.stop();
      await bus.close();
    },
  };
}

/**
 * Creates locations straight in the database, as a fixture: tests about stock set them up
 * without a GraphQL client (the `upsertLocation` mutation is the way outside tests).
 */
export async function addLocations(
  inventory: RunningInventory,
  locations: Array<{ id: string; priority: number; region?: string }>,
): Promise<void> {
  await inventory.db.transaction(async (tx) => {
    for (const location of locations) {
      await tx.execute(
        'INSERT INTO locations (id, name, kind, region, priority, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          location.id,
          `Location ${location.id}`,
          'WAREHOUSE',
          location.region ?? 'eu-south',
          location.priority,
          Date.now(),
        ],
      );
    }
  });
}
