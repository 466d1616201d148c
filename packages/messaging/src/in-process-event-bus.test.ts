import pino from 'pino';
import { waitFor } from '@stockgraph/testing';
import { eventBusContract } from '../test/contract/event-bus.contract';
import { InProcessEventBus } from './in-process-event-bus';

eventBusContract('in-process', async () => new InProcessEventBus(pino({ level: 'silent' })));

describe('InProcessEventBus', () => {
  it('keeps only the newest messages it is asked to retain', async () => {
    const bus = new InProcessEventBus(pino({ level: 'silent' }), 3);
    await bus.publish([1, 2, 3, 4, 5].map((n) => ({ topic: 't', key: 'k', value: String(n) })));
    const seen: string[] = [];
    const consumer = await bus.consume({
      groupId: 'late',
      topics: ['t'],
      fromBeginning: true,
      handleBatch: async (batch) => {
        seen.push(...batch.map((m) => m.value ?? ''));
      },
    });
    await bus.publish([{ topic: 't', key: 'k', value: '6' }]);
    await waitFor(() => seen.includes('6'), { what: 'the newest message' });
    await consumer.stop();
    await bus.close();
    expect(seen[0]).toBe('3');
    expect(seen).toContain('6');
  });

  it('refuses a second member of one group in the same process', async () => {
    const bus = new InProcessEventBus(pino({ level: 'silent' }));
    const options = { groupId: 'g', topics: ['t'], handleBatch: async () => undefined };
    await bus.consume(options);
    await expect(bus.consume(options)).rejects.toThrow('consumer group "g" already has a member in this process');
    await bus.close();
  });
});
