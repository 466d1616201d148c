import { ConfigError } from '../config/load-config';
import { flushTraces } from '../tracing/trace-context';

/** Something started that must be stopped cleanly. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Process entry point for a service: starts it, stops it cleanly on SIGINT/SIGTERM, and
 * turns a configuration error into its message and exit code 2 instead of a stack trace.
 */
export function runService(name: string, start: () => Promise<Stoppable>): void {
  let service: Stoppable | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${name}: ${signal} received, stopping\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await service?.stop();
      await flushTraces();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${name}: stop failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // A settings loader throws before `start` returns a promise; reported as a rejection, a
  // bad setting still ends in its message and exit code 2 rather than a stack trace.
  Promise.resolve()
    .then(start)
    .then(
      (started) => {
        service = started;
      },
      (error: unknown) => {
        if (error instanceof ConfigError) {
          process.stderr.write(`${name}: ${error.message}\n`);
          process.exit(2);
        }
        process.stderr.write(`${name}: failed to start: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
}
