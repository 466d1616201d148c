import { canonicalJson } from '@stockgraph/domain';
import { GraphQLError } from 'graphql';
import type { EntityFetch } from './plan-executor';

interface Waiting {
  representations: Array<Record<string, unknown>>;
  resolve(result: { entities: Array<Record<string, unknown> | null>; errors: GraphQLError[] }): void;
  reject(error: unknown): void;
}

interface Batch {
  serviceName: string;
  operation: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  scope: string;
  waiting: Waiting[];
  size: number;
  cancel(): void;
}

interface SubgraphResponse {
  data?: { _entities?: Array<Record<string, unknown> | null> } | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * Merges `_entities` fetches that arrive within `windowMs` of each other, for the same
 * subgraph, operation and variables, into one request: a burst of events costs one
 * round trip per subgraph instead of one per event. Each caller gets back exactly its
 * own entities and the errors that concern them.
 */
export class EntityBatcher {
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly urlOf: (serviceName: string) => string,
    /** Headers that authenticate a fetch made for `scope`. */
    private readonly headersFor: (scope: string) => Promise<Record<string, string>>,
    private readonly options: { windowMs: number; maxRepresentations: number; timeoutMs: number },
  ) {}

  readonly fetch: EntityFetch = (request) =>
    new Promise((resolve, reject) => {
      const key = `${request.serviceName}\u0000${request.scope}\u0000${request.operation}\u0000${canonicalJson(request.variables)}`;
      let batch = this.batches.get(key);
      if (!batch) {
        batch = {
          serviceName: request.serviceName,
          operation: request.operation,
          operationName: request.operationName,
          variables: request.variables,
          scope: request.scope,
          waiting: [],
          size: 0,
          cancel: this.schedule(() => this.flush(key)),
        };
        this.batches.set(key, batch);
      }
      batch.waiting.push({ representations: request.representations, resolve, reject });
      batch.size += request.representations.length;
      if (batch.size >= this.options.maxRepresentations) this.flush(key);
    });

  private flush(key: string): void {
    const batch = this.batches.get(key);
    if (!batch) return;
    this.batches.delete(key);
    batch.cancel();
    void this.send(batch);
  }

  /** A window of 0 still batches everything that arrives in the same turn of the event loop. */
  private schedule(flush: () => void): () => void {
    if (this.options.windowMs === 0) {
      const immediate = setImmediate(flush);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(flush, this.options.windowMs);
    return () => clearTimeout(timer);
  }

  private async send(batch: Batch): Promise<void> {
    const representations = batch.waiting.flatMap((w) => w.representations);
    let body: SubgraphResponse;
    try {
      const response = await fetch(this.urlOf(batch.serviceName), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await this.headersFor(batch.scope)) },
        body: JSON.stringify({
          query: batch.operation,
          ...(batch.operationName ? { operationName: batch.operationName } : {}),
          variables: { ...batch.variables, representations },
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = (await response.json()) as SubgraphResponse;
    } catch (error) {
      const failure = new GraphQLError(
        `${batch.serviceName} could not be reached for this event: ${(error as Error).message}`,
        {
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        },
      );
      batch.waiting.forEach((w) => w.resolve({ entities: w.representations.map(() => null), errors: [failure] }));
      return;
    }
    const entities = body.data?._entities ?? [];
    let offset = 0;
    for (const waiting of batch.waiting) {
      const start = offset;
      const end = offset + waiting.representations.length;
      offset = end;
      const errors = (body.errors ?? [])
        .filter((e) => {
          const index = e.path?.[0] === '_entities' ? Number(e.path[1]) : NaN;
          return Number.isNaN(index) || (index >= start && index < end);
        })
        .map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} }));
      waiting.resolve({ entities: entities.slice(start, end), errors });
    }
  }
}
