import { ConfigError, envVar, loadConfig } from '../config/load-config';

/** Where spans go: OTLP over HTTP (JSON), or a Zipkin server's v2 API. */
export type TraceExport = { kind: 'otlp'; url: string } | { kind: 'zipkin'; url: string };

/** The OpenTelemetry sampler names of OTEL_TRACES_SAMPLER that stockgraph understands. */
export const SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

export interface TracingConfig {
  exports: TraceExport[];
  sampler: (typeof SAMPLERS)[number];
  /** The ratio of `traceidratio` samplers, 0–1. */
  ratio: number;
  /** How long finished spans wait to be sent in a batch (OTEL_BSP_SCHEDULE_DELAY, ms). */
  batchDelayMs: number;
}

/**
 * Tracing is off unless a place to send spans is configured: `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, the standard OpenTelemetry variables) or
 * `ZIPKIN_URL` (a Zipkin server's base URL; spans go to `/api/v2/spans`). Null when off.
 */
export function loadTracingConfig(env: Record<string, string | undefined>): TracingConfig | null {
  const settings = loadConfig(
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: envVar.optionalHttpUrl(),
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: envVar.optionalHttpUrl(),
      ZIPKIN_URL: envVar.optionalHttpUrl(),
      OTEL_TRACES_SAMPLER: envVar.oneOf(SAMPLERS, 'parentbased_always_on'),
      OTEL_TRACES_SAMPLER_ARG: envVar.text('1'),
      OTEL_BSP_SCHEDULE_DELAY: envVar.int(5000, 0, 600_000),
    },
    env,
  );
  const exports: TraceExport[] = [];
  const traces = settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (traces) exports.push({ kind: 'otlp', url: traces });
  else if (base) exports.push({ kind: 'otlp', url: `${base.replace(/\/+$/, '')}/v1/traces` });
  if (settings.ZIPKIN_URL) {
    exports.push({ kind: 'zipkin', url: `${settings.ZIPKIN_URL.replace(/\/+$/, '')}/api/v2/spans` });
  }
  if (exports.length === 0) return null;
  const ratio = Number(settings.OTEL_TRACES_SAMPLER_ARG);
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new ConfigError([
      `OTEL_TRACES_SAMPLER_ARG=${JSON.stringify(settings.OTEL_TRACES_SAMPLER_ARG)}: must be from 0 to 1`,
    ]);
  }
  return { exports, sampler: settings.OTEL_TRACES_SAMPLER, ratio, batchDelayMs: settings.OTEL_BSP_SCHEDULE_DELAY };
}
