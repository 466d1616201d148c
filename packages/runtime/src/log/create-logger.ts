import pino, { type Logger } from 'pino';
import { traceLogFields } from '../tracing/trace-context';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Structured JSON logs on stdout, one line per event, tagged with the service name and,
 * while a span is active, the trace and span ids that find the line's trace.
 */
export function createLogger(service: string, level: LogLevel = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: traceLogFields,
  });
}
