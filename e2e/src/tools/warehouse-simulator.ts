import { randomUUID } from 'node:crypto';
import { TOPICS, WAREHOUSE_STOCK_UPDATED, type WarehouseStockUpdatedData } from '@stockgraph/events';
import { cloudEventMessage } from '@stockgraph/messaging';
import { GraphQLClient } from '@stockgraph/runtime';
import { kafkaTools } from '../kafka-tools';

export interface SimulatorOptions {
  /** Counts per second. */
  rate: number;
  skus: number;
  locations: number;
  /** How long to publish; 0 runs until stopped. */
  seconds: number;
  /** The inventory subgraph, for setting up and (without Kafka) submitting counts. */
  inventoryUrl: string;
  /** An operations caller's `Authorization` (setting up locations is for operations), e.g. `stackTokens(…).as(OPS)`. */
  authorization: () => Promise<string>;
  /** Publish straight to Kafka when set. */
  kafkaBrokers?: string;
  kafkaNamespace?: string;
  /**
   * The locations and first levels exist already (a second run over the same fleet). Set
   * up again, each sku's first level would be written again: one more stock change and
   * event per sku, which is no warehouse count.
   */
  alreadySetUp?: boolean;
  onTick?(published: number): void;
}

export const simSku = (i: number) => `SIM-${String(i).padStart(6, '0')}`;
export const simLocation = (i: number) => `sim-dc-${String(i + 1).padStart(2, '0')}`;

/**
 * A fleet of warehouses counting stock: `locations` warehouses in four regions, `skus`
 * skus, each count absolute and sequenced per (sku, location), at a steady rate. It sets
 * up the locations and gives each sku a first stock level, then publishes
 * warehouse.stock-updated.v1 events to Kafka, or through inventory's submitWarehouseCounts
 * when there is no Kafka (the embedded mode).
 */
export async function runWarehouseSimulator(
  options: SimulatorOptions,
): Promise<{ published: number; seconds: number }> {
  const inventory = new GraphQLClient('inventory', options.inventoryUrl, 60_000, {
    authorization: options.authorization,
  });
  if (!options.alreadySetUp) await setUpFleet(inventory, options);
  const kafka = options.kafkaBrokers ? kafkaTools(options.kafkaBrokers, options.kafkaNamespace ?? '') : undefined;
  const sequences = new Map<string, number>();
  let published = 0;
  const started = Date.now();
  const tickMs = 100;
  try {
    for (let tick = 0; options.seconds === 0 || tick * tickMs < options.seconds * 1000; tick += 1) {
      const due = started + tick * tickMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const n =
        Math.round(((tick + 1) * options.rate * tickMs) / 1000) - Math.round((tick * options.rate * tickMs) / 1000);
      const counts = Array.from({ length: n }, () => {
        const sku = simSku(Math.floor(Math.random() * options.skus));
        const locationId = simLocation(Math.floor(Math.random() * options.locations));
        const key = `${sku}/${locationId}`;
        const sequence = (sequences.get(key) ?? 0) + 1;
        sequences.set(key, sequence);
        return { sku, locationId, onHand: Math.floor(Math.random() * 500), sequence };
      });
      if (counts.length === 0) continue;
      if (kafka) {
        const now = new Date();
        await kafka.publish(
          TOPICS.warehouseStockUpdated,
          counts.map((c) => {
            const data: WarehouseStockUpdatedData = { ...c, observedAt: now.toISOString() };
            return cloudEventMessage(TOPICS.warehouseStockUpdated, c.sku, {
              source: '/warehouse/simulator',
              type: WAREHOUSE_STOCK_UPDATED,
              time: now,
              data,
            });
          }),
        );
      } else {
        for (let i = 0; i < counts.length; i += 1000) {
          await inventory.request(
            `mutation ($counts: [WarehouseCountInput!]!) { submitWarehouseCounts(counts: $counts, source: "simulator") }`,
            {
              counts: counts.slice(i, i + 1000),
            },
          );
        }
      }
      published += counts.length;
      options.onTick?.(published);
    }
  } finally {
    await kafka?.close();
  }
  return { published, seconds: (Date.now() - started) / 1000 };
}

/** The fleet's locations, and a first level of every sku at the first of them. */
async function setUpFleet(inventory: GraphQLClient, options: SimulatorOptions): Promise<void> {
  for (let l = 0; l < options.locations; l += 1) {
    await inventory.request(`mutation ($input: LocationInput!) { upsertLocation(input: $input) { id } }`, {
      input: {
        id: simLocation(l),
        name: `Simulated DC ${l + 1}`,
        kind: 'WAREHOUSE',
        region: `sim-region-${(l % 4) + 1}`,
        priority: 100 + l,
      },
    });
  }
  for (let i = 0; i < options.skus; i += 1000) {
    const inputs = Array.from({ length: Math.min(1000, options.skus - i) }, (_, k) => ({
      sku: simSku(i + k),
      locationId: simLocation(0),
      set: 100,
      reason: 'RECEIVED',
    }));
    await inventory.request(
      `mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code message } } }`,
      { inputs, key: randomUUID() },
    );
  }
}
