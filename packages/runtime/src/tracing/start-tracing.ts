import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ConfigError } from '../config/load-config';
import { setTraceFlush } from './trace-context';
import { loadTracingConfig, type TraceExport, type TracingConfig } from './tracing-config';

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
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || serviceName }),
    sampler: samplerOf(config),
    spanProcessors: config.exports.map(
      (target) =>
        new BatchSpanProcessor(exporterOf(target, serviceName), { scheduledDelayMillis: config.batchDelayMs }),
    ),
  });
  // W3C trace context on HTTP, in Kafka headers and in the CloudEvents extension alike.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes arrive every second or so; a trace each would bury the real ones.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
      }),
      // Parse, validate and execute, without a span per resolved field.
      new GraphQLInstrumentation({ depth: 0 }),
      new MySQL2Instrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  setTraceFlush(() => provider.forceFlush());
  started = { enabled: true, shutdown: () => provider.shutdown() };
  return started;
}

function exporterOf(target: TraceExport, serviceName: string) {
  return target.kind === 'otlp'
    ? new OTLPTraceExporter({ url: target.url })
    : new ZipkinExporter({ url: target.url, serviceName });
}

function samplerOf({ sampler, ratio }: TracingConfig): Sampler {
  const root = sampler.endsWith('always_off')
    ? new AlwaysOffSampler()
    : sampler.endsWith('traceidratio')
      ? new TraceIdRatioBasedSampler(ratio)
      : new AlwaysOnSampler();
  return sampler.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}
