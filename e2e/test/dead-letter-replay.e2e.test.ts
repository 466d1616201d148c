import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { TOPICS, WAREHOUSE_STOCK_UPDATED, type WarehouseStockUpdatedData } from '@stockgraph/events';
import { cloudEventMessage } from '@stockgraph/messaging';
import {
  describeWithKafka,
  describeWithMysql,
  graphqlRequest,
  graphqlData,
  kafkaBrokers,
  waitFor,
} from '@stockgraph/testing';
import { DEMO, type DistributedStack, kafkaTools, originOf, REPO_ROOT, signedIn, TIMEOUT } from '../src';
import { deadLetterDesk } from '../src/tools/dead-letters';
import { sharedDistributedStack } from './support/shared-stacks';

const run = promisify(execFile);
const SKU = 'SG-0044';

/** Sends warehouse counts of SKU at `location` straight to Kafka, as a warehouse does; each resolves with its event id. */
const countAt =
  (kafka: ReturnType<typeof kafkaTools>, location: string) =>
  async (sequence: number, onHand: number): Promise<string> => {
    const data: WarehouseStockUpdatedData = {
      sku: SKU,
      locationId: location,
      onHand,
      sequence,
      observedAt: new Date().toISOString(),
    };
    const message = cloudEventMessage(TOPICS.warehouseStockUpdated, SKU, {
      source: '/warehouse/dlq-test',
      type: WAREHOUSE_STOCK_UPDATED,
      time: new Date(),
      data,
    });
    await kafka.publish(TOPICS.warehouseStockUpdated, [message]);
    return (JSON.parse(message.value) as { id: string }).id;
  };

/**
 * A dead letter repaired (issue 21): a warehouse count for a location inventory does not
 * know is dead-lettered with UNKNOWN_LOCATION; operations create the location and replay
 * the letter with `npm run dlq`; the count is applied once, however often it is replayed.
 */
describeWithMysql('repairing dead letters', () => {
  describeWithKafka('distributed stack', () => {
    let stack: DistributedStack;
    let ops: Record<string, string>;

    beforeAll(async () => {
      stack = await sharedDistributedStack();
      ops = await signedIn(originOf(stack.gatewayUrl), DEMO.ops);
    }, TIMEOUT.startStack);

    /** The CLI as an operator runs it, against the stack's broker and namespace. */
    const dlq = async (...args: string[]) =>
      (
        await run('node', [path.join(REPO_ROOT, 'e2e', 'dist', 'src', 'tools', 'dlq.js'), ...args], {
          env: {
            ...process.env,
            KAFKA_BROKERS: kafkaBrokers().join(','),
            KAFKA_NAMESPACE: stack.kafkaNamespace,
            DLQ_OPERATOR: 'e2e-ops',
          },
          timeout: 120_000,
        })
      ).stdout;
    const movementsAt = async (location: string) =>
      (
        await graphqlData<{
          stockMovements: { edges: Array<{ node: { locationId: string; onHandAfter: number; kind: string } }> };
        }>(
          stack.gatewayUrl,
          'query ($sku: ID!) { stockMovements(sku: $sku, first: 100) { edges { node { locationId onHandAfter kind } } } }',
          { sku: SKU },
          ops,
        )
      ).stockMovements.edges
        .map((edge) => edge.node)
        .filter((node) => node.locationId === location);

    const createWarehouse = (location: string) =>
      graphqlData(
        stack.gatewayUrl,
        'mutation ($input: LocationInput!) { upsertLocation(input: $input) { id } }',
        {
          input: {
            id: location,
            name: 'Dead-letter test warehouse',
            kind: 'WAREHOUSE',
            region: 'eu-south',
            priority: 9,
          },
        },
        ops,
      );

    it(
      'dead-letters a count for an unknown location, replays it once the location exists, and applies it once',
      async () => {
        const location = `dlq-dc-${randomUUID().slice(0, 8)}`;
        const kafka = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
        const desk = deadLetterDesk(kafkaBrokers().join(','), stack.kafkaNamespace);
        const count = countAt(kafka, location);
        try {
          const eventId = await count(1, 77);
          const letter = await waitFor(
            async () => (await desk.list()).find((candidate) => candidate.value.includes(eventId)),
            { timeoutMs: 60_000, intervalMs: 500, what: 'the count in the dead letters' },
          );
          expect(letter).toMatchObject({ reason: 'UNKNOWN_LOCATION', sourceTopic: TOPICS.warehouseStockUpdated });
          expect(await dlq('list', '--reason', 'UNKNOWN_LOCATION')).toContain(`${letter.id}  UNKNOWN_LOCATION`);

          // The cause fixed: the warehouse exists now.
          await createWarehouse(location);
          expect(await dlq('replay', letter.id)).toContain('1 replayed');
          await waitFor(async () => (await movementsAt(location)).some((movement) => movement.onHandAfter === 77), {
            timeoutMs: 60_000,
            intervalMs: 250,
            what: 'the replayed count at the new warehouse',
          });
          // Replayed again: skipped as done; forced, the same count (same sequence) changes nothing.
          expect(await dlq('replay', letter.id)).toContain('0 replayed');
          expect(await dlq('replay', letter.id, '--again')).toContain('1 replayed');
          // A later count behind it on the same key shows the forced replay was consumed first.
          await count(2, 78);
          await waitFor(async () => (await movementsAt(location)).some((movement) => movement.onHandAfter === 78), {
            timeoutMs: 60_000,
            intervalMs: 250,
            what: 'the next count',
          });
          expect((await movementsAt(location)).map((movement) => movement.onHandAfter).sort()).toEqual([77, 78]);
          const listed = (await desk.list()).find((candidate) => candidate.id === letter.id);
          expect(listed?.actions.map((action) => [action.action, action.by])).toEqual([
            ['replayed', 'e2e-ops'],
            ['replayed', 'e2e-ops'],
          ]);
        } finally {
          await kafka.close();
          await desk.close();
        }
      },
      TIMEOUT.longTest,
    );

    it(
      'does the same through the API, as the ops page does: lists, replays once, records the operator, refuses bad choices',
      async () => {
        const location = `dlq-api-${randomUUID().slice(0, 8)}`;
        const kafka = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
        try {
          const eventId = await countAt(kafka, location)(1, 55);
          type Listed = {
            id: string;
            reason: string;
            status: string;
            value: string | null;
            actions: Array<{ by: string }>;
          };
          const listed = () =>
            graphqlData<{ deadLetters: { letters: Listed[] } }>(
              stack.gatewayUrl,
              'query { deadLetters(reason: "UNKNOWN_LOCATION", first: 200) { letters { id reason status value actions { by } } } }',
              {},
              ops,
            ).then((data) => data.deadLetters.letters.find((letter) => letter.value?.includes(eventId)));
          const letter = await waitFor(listed, {
            timeoutMs: 60_000,
            intervalMs: 500,
            what: 'the count in deadLetters',
          });
          expect(letter).toMatchObject({ reason: 'UNKNOWN_LOCATION', status: 'WAITING' });

          const refused = await graphqlRequest(
            stack.gatewayUrl,
            'mutation ($ids: [ID!]) { replayDeadLetters(ids: $ids, reason: "UNKNOWN_LOCATION") { done { letterId } } }',
            { ids: [letter.id] },
            ops,
          );
          expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_DEAD_LETTER_SELECTION');
          const blank = await graphqlRequest(
            stack.gatewayUrl,
            'mutation ($ids: [ID!]) { discardDeadLetters(ids: $ids, why: "  ") { done { letterId } } }',
            { ids: [letter.id] },
            ops,
          );
          expect(blank.errors?.[0]?.extensions?.code).toBe('INVALID_REASON');

          await createWarehouse(location);
          const replay = () =>
            graphqlData<{
              replayDeadLetters: { done: Array<{ replayEventId: string }>; skipped: Array<{ why: string }> };
            }>(
              stack.gatewayUrl,
              'mutation ($ids: [ID!]) { replayDeadLetters(ids: $ids) { done { replayEventId } skipped { why } } }',
              { ids: [letter.id] },
              ops,
            ).then((data) => data.replayDeadLetters);
          expect(await replay()).toEqual({ done: [{ replayEventId: `${eventId}~replay-1` }], skipped: [] });
          expect(await replay()).toEqual({ done: [], skipped: [{ why: 'already replayed' }] });
          await waitFor(async () => (await movementsAt(location)).some((movement) => movement.onHandAfter === 55), {
            timeoutMs: 60_000,
            intervalMs: 250,
            what: 'the replayed count at the new warehouse',
          });
          expect((await movementsAt(location)).map((movement) => movement.onHandAfter)).toEqual([55]);
          expect(await listed()).toMatchObject({
            status: 'REPLAYED',
            actions: [{ by: expect.any(String) as unknown }],
          });
          // The CLI reads the same record.
          expect(await dlq('list', '--reason', 'UNKNOWN_LOCATION')).toMatch(
            new RegExp(`${letter.id}  UNKNOWN_LOCATION  \\S+  replayed`),
          );
        } finally {
          await kafka.close();
        }
      },
      TIMEOUT.longTest,
    );

    it(
      'refuses to discard without a reason, and tells an unknown letter id',
      async () => {
        await expect(dlq('discard', 'warehouse.stock-updated.v1.dlq:0:999999')).rejects.toMatchObject({
          stderr: expect.stringContaining('discard needs --why'),
        });
        await expect(dlq('replay', 'nowhere.dlq:0:1')).rejects.toMatchObject({
          stderr: expect.stringContaining('no dead letter nowhere.dlq:0:1'),
        });
      },
      TIMEOUT.longTest,
    );
  });
});
