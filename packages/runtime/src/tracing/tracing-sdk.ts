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
import type { TraceExport, TracingConfig } from './tracing-config';

/**
 * The OpenTelemetry SDK, loaded only when tracing is on (its ~0.3 s of module loading is
 * kept out of every start with tracing off): the provider with its sampler and exporters,
 * W3C propagation, and the http, graphql, mysql2 and ioredis instrumentations.
 */
export function startSdk(serviceName: string, config: TracingConfig, env: Record<string, string | undefined>) {
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
  return provider;
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
