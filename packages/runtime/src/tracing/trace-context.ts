import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';

export { SpanKind, type Span, type Context };

/** The tracer every stockgraph span outside the official instrumentations comes from. */
const tracer = () => trace.getTracer('stockgraph');

/**
 * The W3C `traceparent` of the active span, to carry where HTTP headers do not go (an
 * outbox row, a Kafka message, a CloudEvent, a subscription result). Undefined when
 * tracing is off or nothing is being traced, so nothing extra is written then.
 */
export function activeTraceparent(active: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

/** The `traceparent` that makes what follows a child of `span`. */
export function traceparentOf(span: Span): string | undefined {
  return activeTraceparent(trace.setSpan(context.active(), span));
}

/** The context a carried `traceparent` continues (the root context when there is none or it is malformed). */
export function contextOf(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** Starts a span under `parent` (the active context when omitted); the caller ends it. */
export function startSpan(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; startTime?: number; parent?: Context } = {},
): Span {
  return tracer().startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
    },
    options.parent ?? context.active(),
  );
}

/** Runs `work` with `span` active, so what it starts (SQL, HTTP, further spans) nests under it. */
export function withSpanActive<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Ends `span`, marked failed with the error's message when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const failure = error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'non-Error thrown');
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  span.end();
}

/** True while the active context is a sampled trace (its span may have ended): work done now belongs to it. */
export function isTracing(): boolean {
  const span = trace.getActiveSpan();
  return span !== undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
}

/** The active trace and span ids for a log line, or nothing when no span is active. */
export function traceLogFields(): { trace_id: string; span_id: string } | Record<string, never> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

let flush: () => Promise<void> = () => Promise.resolve();

/** Set by `startTracing`: what sends the spans still buffered. */
export function setTraceFlush(flushSpans: () => Promise<void>): void {
  flush = flushSpans;
}

/** Sends the spans still buffered (a service's last ones, as it stops); never throws. */
export async function flushTraces(): Promise<void> {
  await flush().catch(() => undefined);
}
