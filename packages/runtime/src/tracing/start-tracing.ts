import { ConfigError } from '../config/load-config';
import { setTraceFlush } from './trace-context';
import { loadTracingConfig, type TracingConfig } from './tracing-config';

/** Flushes the spans still buffered; a no-op when tracing is off. */
export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

let started: Tracing | null = null;

/**
 * Turns tracing on for this process when an exporter is configured (see
 * `loadTracingConfig`), and does nothing otherwise. It must run before the modules it
 * instruments are loaded (node:http, mysql2, ioredis, graphql): each service calls it from
 * the first module its entry point imports. The first call wins, so services embedded in
 * one process (`npm start`) share the launcher's.
 */
export function startTracing(serviceName: string, env: Record<string, string | undefined> = process.env): Tracing {
  if (started) return started;
  let config: TracingConfig | null;
  try {
    config = loadTracingConfig(env);
  } catch (error) {
    // Before anything else is loaded: the same one line per problem and exit code 2 as runService.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${serviceName}: ${error.message}\n`);
    process.exit(2);
  }
  if (!config) {
    started = { enabled: false, shutdown: () => Promise.resolve() };
    return started;
  }
  // Loaded here, not imported above: with tracing off the SDK's modules are never loaded.
  const { startSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk'); // eslint-disable-line @typescript-eslint/no-require-imports -- a synchronous, conditional load before the modules it instruments
  const provider = startSdk(serviceName, config, env);
  setTraceFlush(() => provider.forceFlush());
  started = { enabled: true, shutdown: () => provider.shutdown() };
  return started;
}
