import pino from 'pino';
import { SingleFlight } from './single-flight';

/** Passes that stay under way until the test ends them with the delay to the next one. */
function controlledPasses() {
  const started: Array<{ finish(nextInMs: number | null): void; fail(error: Error): void }> = [];
  const pass = () =>
    new Promise<number | null>((resolve, reject) => {
      started.push({ finish: resolve, fail: reject });
    });
  return { started, pass };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SingleFlight', () => {
  const log = pino({ level: 'silent' });

  afterEach(() => jest.useRealTimers());

  it('runs one pass at a time: kicks during a pass ask for exactly one more', async () => {
    const { started, pass } = controlledPasses();
    const loop = new SingleFlight({ name: 'test', pass, retryMs: 1000, log });
    loop.start();
    loop.kick();
    loop.kick();
    loop.kick();
    await flush();
    expect(started).toHaveLength(1);
    started[0]?.finish(null);
    await flush();
    expect(started).toHaveLength(2);
    started[1]?.finish(null);
    await loop.idle();
    expect(started).toHaveLength(2);
    await loop.stop();
  });

  it('runs the next pass when the last one said, unless a kick comes first', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { started, pass } = controlledPasses();
    const loop = new SingleFlight({ name: 'test', pass, retryMs: 1000, log });
    loop.start(500);
    jest.advanceTimersByTime(499);
    expect(started).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(started).toHaveLength(1);
    started[0]?.finish(200);
    await flush();
    loop.kick();
    expect(started).toHaveLength(2);
    started[1]?.finish(null);
    await flush();
    // The kick replaced the 200 ms timer, and this pass asked for none.
    jest.advanceTimersByTime(10_000);
    expect(started).toHaveLength(2);
    await loop.stop();
  });

  it('retries a pass that threw after retryMs, and keeps going', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { started, pass } = controlledPasses();
    const loop = new SingleFlight({ name: 'test', pass, retryMs: 300, log });
    loop.start();
    started[0]?.fail(new Error('broker down'));
    await flush();
    jest.advanceTimersByTime(299);
    expect(started).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(started).toHaveLength(2);
    started[1]?.finish(null);
    await loop.stop();
  });

  it('stop waits for the pass under way and ignores kicks afterwards', async () => {
    const { started, pass } = controlledPasses();
    const loop = new SingleFlight({ name: 'test', pass, retryMs: 1000, log });
    loop.start();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    loop.kick();
    await flush();
    expect(stopped).toBe(false);
    started[0]?.finish(10);
    await stopping;
    loop.kick();
    await flush();
    expect(started).toHaveLength(1);
  });
});
