import { contextOf, endSpan, isTracing, SpanKind, startSpan, withSpanActive } from '@stockgraph/runtime';

/**
 * The gateway's part of an event's trace: a subgraph's result that carries
 * `extensions.traceparent` (its live feed traced the event) is received in a span of that
 * trace, and everything the gateway then does for it (the plan's entity fetches, shaping,
 * handing it to subscribers) runs under that span. Untraced events pass straight through.
 */
export function receiveTraced(extensions: unknown, serviceName: string, work: () => void): void {
  const traceparent = (extensions as { traceparent?: unknown } | null | undefined)?.traceparent;
  const carried = typeof traceparent === 'string' ? traceparent : undefined;
  if (!carried) {
    work();
    return;
  }
  const span = startSpan(`receive ${serviceName} subscription event`, {
    kind: SpanKind.CONSUMER,
    parent: contextOf(carried),
    attributes: { 'graphql.operation.type': 'subscription', 'stockgraph.subgraph': serviceName },
  });
  try {
    withSpanActive(span, work);
    endSpan(span);
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** Records, in the event's trace, that its result went to `subscribers` clients' queues. */
export function tracedDelivery(rootField: string, subscribers: number): void {
  if (!isTracing()) return;
  endSpan(
    startSpan(`deliver ${rootField}`, {
      kind: SpanKind.PRODUCER,
      attributes: { 'graphql.field.name': rootField, 'stockgraph.subscribers': subscribers },
    }),
  );
}
