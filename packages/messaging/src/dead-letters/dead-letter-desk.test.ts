import pino from 'pino';
import { waitFor } from '@stockgraph/testing';
import { deadLetter } from '../dead-letter';
import type { ConsumerOptions, EventBus, IncomingMessage } from '../event-bus';
import { InProcessEventBus } from '../in-process-event-bus';
import { DEAD_LETTER_TOPICS, DeadLetterDesk } from './dead-letter-desk';
import { DLQ_ACTIONS_TOPIC } from './dead-letter-replay';

const log = pino({ level: 'silent' });
const WAREHOUSE_DLQ = 'warehouse.stock-updated.v1.dlq';

/** A message as a consumer read it from `topic`, before it is dead-lettered. */
const original = (n: number, over: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic: 'warehouse.stock-updated.v1',
  partition: 0,
  offset: String(n),
  key: `SG-${String(n).padStart(4, '0')}`,
  value: `{"n":${n}`,
  headers: {},
  timestamp: 0,
  ...over,
});

/** A bus that hands the desk's handler to the test, so it can deliver whatever it likes. */
function capturingBus(): EventBus & { deliver(messages: IncomingMessage[]): Promise<void> } {
  let handler: ConsumerOptions['handleBatch'] | undefined;
  return {
    prepareTopics: () => Promise.resolve(),
    expiredPositions: () => Promise.resolve([]),
    publish: () => Promise.resolve(),
    consume: (options) => {
      handler = (messages) => options.handleBatch(messages);
      return Promise.resolve({ stop: () => Promise.resolve(), ended: new Promise<Error>(() => undefined) });
    },
    close: () => Promise.resolve(),
    deliver: (messages) => (handler ? handler(messages) : Promise.reject(new Error('the desk is not consuming'))),
  };
}

/** A dead letter as it lies on `<topic>.dlq`, accepted by the bus at `at`. */
const letter = (offset: number, at: number, over: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic: WAREHOUSE_DLQ,
  partition: 0,
  offset: String(offset),
  key: `k${offset}`,
  value: '{}',
  headers: { 'dlq-reason': 'SCHEMA_VIOLATION' },
  timestamp: at,
  ...over,
});

describe('DeadLetterDesk: what it reads', () => {
  let bus: InProcessEventBus;
  let desk: DeadLetterDesk | undefined;

  beforeEach(() => {
    bus = new InProcessEventBus(log);
  });

  afterEach(async () => {
    await desk?.stop();
    await bus.close();
  });

  it('is unavailable until it reads, then lists every dead-letter topic', async () => {
    desk = new DeadLetterDesk(bus, 'dlq-desk-test', log);
    expect(desk.recent()).toEqual({ available: false, topics: [] });

    desk.start();
    await waitFor(() => desk?.ready, { what: 'the desk to join' });

    const recent = desk.recent();
    expect(recent.available).toBe(true);
    expect(recent.topics.map((t) => t.topic)).toEqual(DEAD_LETTER_TOPICS);
    expect(DEAD_LETTER_TOPICS).toContain(WAREHOUSE_DLQ);
    expect(recent.topics.every((t) => t.seen === 0 && t.latest.length === 0)).toBe(true);
  });

  it('keeps the newest ten per topic, newest first, counting every one, from the beginning of the topic', async () => {
    await bus.publish(
      Array.from({ length: 15 }, (_, n) =>
        deadLetter(original(n), 'UNKNOWN_SKU', `no location stocks ${n}`, 'warehouse-ingestion'),
      ),
    );
    desk = new DeadLetterDesk(bus, 'dlq-desk-test', log);
    desk.start();
    await bus.publish(
      Array.from({ length: 10 }, (_, n) =>
        deadLetter(original(15 + n), 'INVALID_JSON', 'Unexpected end of JSON input', 'warehouse-ingestion'),
      ),
    );

    await waitFor(() => desk?.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ)?.seen === 25, {
      what: '25 dead letters',
    });
    const warehouse = desk.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ);

    expect(warehouse?.latest.map((l) => l.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `SG-${String(24 - i).padStart(4, '0')}`),
    );
    expect(warehouse?.latest[0]).toEqual({
      key: 'SG-0024',
      reason: 'INVALID_JSON',
      detail: 'Unexpected end of JSON input',
      consumer: 'warehouse-ingestion',
      failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      sourceTopic: 'warehouse.stock-updated.v1',
      sourcePartition: 0,
      sourceOffset: '24',
      valuePreview: '{"n":24',
    });
    expect(
      desk
        .recent()
        .topics.filter((t) => t.topic !== WAREHOUSE_DLQ)
        .every((t) => t.seen === 0),
    ).toBe(true);
  });

  it('orders letters from several partitions by when the bus took them, and counts a letter delivered again once', async () => {
    const captured = capturingBus();
    desk = new DeadLetterDesk(captured, 'dlq-desk-test', log, { recentPerTopic: 3 });
    desk.start();
    await waitFor(() => desk?.ready, { what: 'the desk to join' });

    // Partition 1 is read before partition 0, as Kafka may, and a rejoin delivers partition 1 again.
    await captured.deliver([letter(0, 1000, { partition: 1 }), letter(1, 4000, { partition: 1 })]);
    await captured.deliver([letter(0, 2000), letter(1, 3000), letter(2, 500)]);
    await captured.deliver([letter(0, 1000, { partition: 1 }), letter(1, 4000, { partition: 1 })]);

    const warehouse = desk.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ);
    expect(warehouse?.seen).toBe(5);
    expect(warehouse?.latest.map((l) => [l.key, l.failedAt])).toEqual([
      ['k1', new Date(4000).toISOString()],
      ['k1', new Date(3000).toISOString()],
      ['k0', new Date(2000).toISOString()],
    ]);
  });

  it('bounds what it keeps of a huge letter, and shows a letter without headers, key or value with what it has', async () => {
    const captured = capturingBus();
    desk = new DeadLetterDesk(captured, 'dlq-desk-test', log);
    desk.start();
    await waitFor(() => desk?.ready, { what: 'the desk to join' });
    const huge = 'x'.repeat(1_000_000);

    await captured.deliver([
      letter(0, 1000, {
        key: huge,
        value: `😀${huge}`,
        headers: {
          'dlq-reason': huge,
          'dlq-detail': huge,
          'dlq-consumer': huge,
          'dlq-source-topic': huge,
          'dlq-source-partition': 'two',
          'dlq-source-offset': '-1',
          'dlq-failed-at': 'yesterday',
        },
      }),
      letter(1, Number.NaN, { key: null, value: null, headers: {} }),
    ]);

    // The bare letter has no time of its own either: it counts as read now, so it is the newest.
    const [bare, big] = desk.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ)?.latest ?? [];
    expect(big?.key).toHaveLength(200);
    expect(big?.key?.endsWith('…')).toBe(true);
    expect(big?.valuePreview?.startsWith('😀x')).toBe(true);
    expect(big?.valuePreview?.length).toBeLessThanOrEqual(200);
    expect([big?.reason?.length, big?.detail?.length, big?.consumer?.length, big?.sourceTopic?.length]).toEqual([
      200, 1000, 200, 200,
    ]);
    expect([big?.sourcePartition, big?.sourceOffset, big?.failedAt]).toEqual([
      null,
      null,
      new Date(1000).toISOString(),
    ]);
    expect(bare).toEqual({
      key: null,
      reason: null,
      detail: null,
      consumer: null,
      failedAt: null,
      sourceTopic: null,
      sourcePartition: null,
      sourceOffset: null,
      valuePreview: null,
    });
  });
});

describe('DeadLetterDesk: what operators do', () => {
  const SOURCE = 'warehouse.stock-updated.v1';
  let bus: InProcessEventBus;
  let desks: DeadLetterDesk[];
  let replayed: IncomingMessage[];

  beforeEach(async () => {
    bus = new InProcessEventBus(log);
    desks = [];
    replayed = [];
    await bus.consume({
      groupId: 'source-reader',
      topics: [SOURCE],
      fromBeginning: true,
      handleBatch: (messages) => {
        replayed.push(...messages);
        return Promise.resolve();
      },
    });
  });

  afterEach(async () => {
    await Promise.all(desks.map((desk) => desk.stop()));
    await bus.close();
  });

  const openDesk = async (group: string, options: ConstructorParameters<typeof DeadLetterDesk>[3] = {}) => {
    const desk = new DeadLetterDesk(bus, group, log, options);
    desks.push(desk);
    desk.start();
    await waitFor(() => desk.ready, { what: `${group} to join` });
    return desk;
  };
  /** Dead-letters event `n` (a CloudEvent with id evt-n) with `reason`; resolves with its letter id once `desk` holds it. */
  const refuse = async (desk: DeadLetterDesk, n: number, reason: string, over: Partial<IncomingMessage> = {}) => {
    await bus.publish([
      deadLetter(original(n, { value: JSON.stringify({ id: `evt-${n}`, data: { n } }), ...over }), reason, 'why'),
    ]);
    return waitFor(
      () => desk.list({ first: 100 }).letters.find((letter) => letter.key === `SG-${String(n).padStart(4, '0')}`)?.id,
      { what: `letter ${n} on the desk` },
    );
  };

  it('replays a letter to its source topic with a fresh id, once unless told again, and records who did it', async () => {
    const desk = await openDesk('desk-a');
    const id = await refuse(desk, 1, 'UNKNOWN_LOCATION', { headers: { traceparent: 'tp-1' } });

    expect(await desk.replay({ ids: [id] }, 'ops-ana')).toMatchObject({
      done: [
        { letter: id, action: 'replayed', reason: 'UNKNOWN_LOCATION', by: 'ops-ana', replayEventId: 'evt-1~replay-1' },
      ],
      skipped: [],
    });
    await waitFor(() => replayed.length === 1, { what: 'the replay on the source topic' });
    const [sent] = replayed;
    expect(JSON.parse(sent?.value ?? '')).toEqual({ id: 'evt-1~replay-1', data: { n: 1 } });
    expect(sent?.headers).toEqual({ traceparent: 'tp-1', 'dlq-replay-of': id });

    expect(await desk.replay({ ids: [id] }, 'ops-ana')).toEqual({
      done: [],
      skipped: [{ letter: id, why: 'already replayed' }],
    });
    expect((await desk.replay({ ids: [id] }, 'ops-ben', true)).done[0]?.replayEventId).toBe('evt-1~replay-2');
    expect(desk.list({ first: 10, status: 'replayed' }).letters[0]?.actions.map((a) => a.by)).toEqual([
      'ops-ana',
      'ops-ben',
    ]);
  });

  it('shares every action through the actions topic: another desk sees it, each desk counts it once', async () => {
    const a = await openDesk('desk-a');
    const b = await openDesk('desk-b');
    const id = await refuse(a, 2, 'SCHEMA_VIOLATION');
    await waitFor(() => b.list({ first: 10 }).total === 1, { what: 'desk b to hold the letter' });

    await a.discard({ ids: [id] }, 'a test event, not real stock', 'ops-ana');
    const onB = await waitFor(() => b.list({ first: 10, status: 'discarded' }).letters[0], {
      what: 'desk b to see the discard',
    });
    expect(onB.actions).toMatchObject([{ action: 'discarded', reason: 'a test event, not real stock', by: 'ops-ana' }]);
    // Desk a read its own action back from the topic (the bus delivered it to b), and still counts it once.
    expect(a.list({ first: 10 }).letters[0]?.actions).toHaveLength(1);
    // A discarded letter is not picked by its reason; named, it is replayed only when told again.
    expect(await b.replay({ reason: 'SCHEMA_VIOLATION' }, 'ops-ben')).toEqual({ done: [], skipped: [] });
    expect((await b.replay({ ids: [id] }, 'ops-ben')).skipped).toEqual([{ letter: id, why: 'already discarded' }]);
  });

  it('replays every waiting letter of a reason in one call, and two calls at once replay a letter once', async () => {
    const desk = await openDesk('desk-a');
    for (const n of [3, 4, 5]) await refuse(desk, n, n === 5 ? 'INVALID_JSON' : 'UNKNOWN_SKU');

    const [first, second] = await Promise.all([
      desk.replay({ reason: 'UNKNOWN_SKU' }, 'ops-ana'),
      desk.replay({ reason: 'UNKNOWN_SKU' }, 'ops-ben'),
    ]);
    expect(first.done.map((done) => done.replayEventId).sort()).toEqual(['evt-3~replay-1', 'evt-4~replay-1']);
    expect(second.done).toEqual([]);
    await waitFor(() => replayed.length === 2, { what: 'two replays' });
    expect(desk.list({ first: 10, status: 'waiting' }).letters.map((letter) => letter.reason)).toEqual([
      'INVALID_JSON',
    ]);
  });

  it('sends a letter back to its own topic, never to one its headers name', async () => {
    const desk = await openDesk('desk-a');
    const elsewhere: IncomingMessage[] = [];
    await bus.consume({
      groupId: 'order-reader',
      topics: ['order.events.v1'],
      fromBeginning: true,
      handleBatch: (messages) => {
        elsewhere.push(...messages);
        return Promise.resolve();
      },
    });
    const forged = deadLetter(original(6, { value: '{"id":"evt-6"}' }), 'SCHEMA_VIOLATION', 'why');
    forged.headers = { ...forged.headers, 'dlq-source-topic': 'order.events.v1' };
    await bus.publish([forged]);
    const id = await waitFor(() => desk.list({ first: 10 }).letters[0]?.id, { what: 'the forged letter' });

    await desk.replay({ ids: [id] }, 'ops-ana');
    await waitFor(() => replayed.length === 1, { what: 'the replay on the warehouse topic' });
    expect(elsewhere).toEqual([]);
  });

  it('refuses what it cannot do with a code, and changes nothing', async () => {
    const early = new DeadLetterDesk(bus, 'desk-early', log);
    expect(() => early.list({ first: 1 })).toThrow(expect.objectContaining({ code: 'DEAD_LETTERS_UNAVAILABLE' }));

    const desk = await openDesk('desk-a', { maxValueChars: 20 });
    const big = await refuse(desk, 7, 'SCHEMA_VIOLATION');
    await expect(desk.replay({ ids: ['nowhere.dlq:0:1'] }, 'ops')).rejects.toMatchObject({
      code: 'DEAD_LETTER_NOT_FOUND',
    });
    await expect(desk.replay({ ids: Array.from({ length: 101 }, () => big) }, 'ops')).rejects.toMatchObject({
      code: 'INVALID_DEAD_LETTER_SELECTION',
    });
    expect(await desk.replay({ ids: [big] }, 'ops')).toEqual({
      done: [],
      skipped: [{ letter: big, why: 'too large for the desk: replay it with `npm run dlq`' }],
    });
    expect(replayed).toEqual([]);
    expect(desk.list({ first: 1 }).letters[0]).toMatchObject({ status: 'waiting', value: null });
    expect(DLQ_ACTIONS_TOPIC).toBe('stockgraph.dlq-actions.v1');
  });
});
