import pino from 'pino';
import { PeriodicTask } from './periodic-task';

/** A run that stays under way until the test lets it finish. */
function controlledRuns() {
  const started: Array<{ finish(value: number): void; fail(error: Error): void }> = [];
  const run = () =>
    new Promise<number>((resolve, reject) => {
      started.push({ finish: resolve, fail: reject });
    });
  return { started, run };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PeriodicTask', () => {
  const log = pino({ level: 'silent' });

  it('never runs twice at once: asking during a run queues exactly one more, shared by every caller', async () => {
    const { started, run } = controlledRuns();
    const task = new PeriodicTask({ name: 'test', intervalMs: 0, run }, log);
    const first = task.runNow();
    const second = task.runNow();
    const third = task.runNow();
    await flush();
    expect(started).toHaveLength(1);
    started[0]?.finish(1);
    expect(await first).toBe(1);
    await flush();
    expect(started).toHaveLength(2);
    started[1]?.finish(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(started).toHaveLength(2);
  });

  it('runs again after a failed run, and the failure reaches only its own callers', async () => {
    const { started, run } = controlledRuns();
    const task = new PeriodicTask({ name: 'test', intervalMs: 0, run }, log);
    const failing = task.runNow();
    const after = task.runNow();
    started[0]?.fail(new Error('database away'));
    await expect(failing).rejects.toThrow('database away');
    await flush();
    started[1]?.finish(7);
    expect(await after).toBe(7);
  });

  it('reports each scheduled result, and stop waits for the run under way', async () => {
    const { started, run } = controlledRuns();
    const results: number[] = [];
    const task = new PeriodicTask(
      { name: 'test', intervalMs: 60_000, runAtStart: true, run, onResult: (n) => results.push(n) },
      log,
    );
    task.start();
    expect(started).toHaveLength(1);
    let stopped = false;
    const stopping = task.stop().then(() => {
      stopped = true;
    });
    await flush();
    expect(stopped).toBe(false);
    started[0]?.finish(3);
    await stopping;
    expect(results).toEqual([3]);
  });
});
