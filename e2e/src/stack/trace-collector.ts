import http from 'node:http';
import { readBody } from '@stockgraph/runtime';

/** One span as an OTLP exporter sent it. */
export interface CollectedSpan {
  service: string;
  /** The instrumentation scope that made it (`@opentelemetry/instrumentation-http`, `stockgraph`…). */
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: OtlpValue }>;
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: OtlpValue }> };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: OtlpSpan[] }>;
  }>;
}

/** Spans kept at most: the oldest go first, so a long run's memory stays bounded. */
const MAX_SPANS = 100_000;

/**
 * An OTLP/HTTP receiver (the JSON encoding `@opentelemetry/exporter-trace-otlp-http` sends)
 * on 127.0.0.1, for tests that follow a trace across the processes of a stack: point
 * their OTEL_EXPORTER_OTLP_ENDPOINT at `endpoint` and read the spans of one trace back.
 */
export class TraceCollector {
  private readonly spans: CollectedSpan[] = [];
  private server: http.Server | null = null;
  endpoint = '';
  /** Export requests and their bytes received so far. */
  readonly received = { requests: 0, bytes: 0 };

  /** `keep: false` only counts what arrives (a benchmark's sink, which must cost the machine little). */
  constructor(private readonly options: { keep: boolean } = { keep: true }) {}

  async start(): Promise<this> {
    const server = http.createServer((request, response) => void this.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The worker's pool owns it for the whole run; it must not keep the worker alive at the end.
    server.unref();
    server.on('connection', (socket) => socket.unref());
    this.server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return this;
  }

  /** The spans received so far of one trace (lowercase hex id). */
  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    try {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const text = await readBody(request, 16 * 1_048_576);
      this.received.requests += 1;
      this.received.bytes += text.length;
      if (!this.options.keep) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const body = JSON.parse(text) as OtlpExport;
      for (const resource of body.resourceSpans ?? []) {
        const service = String(valueOf(resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value));
        for (const scoped of resource.scopeSpans ?? []) {
          for (const span of scoped.spans ?? []) {
            this.spans.push({
              service,
              scope: scoped.scope?.name ?? '',
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId || undefined,
              name: span.name,
              kind: span.kind,
              attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
            });
          }
        }
      }
      if (this.spans.length > MAX_SPANS) this.spans.splice(0, this.spans.length - MAX_SPANS);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end((error as Error).message);
    }
  }
}

function valueOf(value: OtlpValue | undefined): string | number | boolean {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.boolValue ?? '';
}
