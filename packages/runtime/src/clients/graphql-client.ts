import { DomainError, type ErrorCategory } from '@stockgraph/domain';
import { CALLER_HEADER } from '../server/caller-budget';

export type UpstreamErrorCode = 'UPSTREAM_TIMEOUT' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_ERROR' | 'SUBGRAPH_UNAVAILABLE';

interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: { code?: string; category?: string; field?: string } }>;
}

const CATEGORIES: readonly ErrorCategory[] = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UNAVAILABLE',
];

/**
 * A GraphQL-over-HTTP client for calls from one service straight to another's subgraph.
 * Every call has a deadline. A DomainError coming back keeps its code and category, so
 * the caller can pass it on; transport failures become `UPSTREAM_*` errors naming the
 * service, which is what an operator needs to start looking.
 */
export class GraphQLClient {
  constructor(
    /** The upstream service's name, for messages. */
    readonly service: string,
    readonly url: string,
    private readonly timeoutMs: number,
    private readonly identity: {
      /** This service's name, sent as `apollographql-client-name` for Apollo tooling and logs. */
      caller?: string;
      /** This service's own token (the upstream answers no tokenless call and budgets by its subject). */
      authorization?: () => Promise<string>;
    } = {},
  ) {}

  async request<Data>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Data> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let response: Response;
    try {
      const authorization = this.identity.authorization ? await this.identity.authorization() : undefined;
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.identity.caller ? { [CALLER_HEADER]: this.identity.caller } : {}),
          ...(authorization ? { authorization } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new DomainError<UpstreamErrorCode>(
          'UPSTREAM_TIMEOUT',
          `${this.service} did not answer within ${timeoutMs} ms`,
          undefined,
          'UNAVAILABLE',
        );
      }
      throw new DomainError<UpstreamErrorCode>(
        'UPSTREAM_UNAVAILABLE',
        `${this.service} is unreachable at ${this.url}: ${(error as Error).message}`,
        undefined,
        'UNAVAILABLE',
      );
    }
    let body: GraphQLResponse<Data>;
    try {
      body = (await response.json()) as GraphQLResponse<Data>;
    } catch {
      throw new DomainError<UpstreamErrorCode>(
        'UPSTREAM_ERROR',
        `${this.service} answered HTTP ${response.status} without a GraphQL body`,
        undefined,
        'UNAVAILABLE',
      );
    }
    const first = body.errors?.[0];
    if (first) {
      const { code, category, field } = first.extensions ?? {};
      if (code && category && (CATEGORIES as readonly string[]).includes(category)) {
        throw new DomainError(code, first.message, field, category as ErrorCategory);
      }
      throw new DomainError<UpstreamErrorCode>(
        'UPSTREAM_ERROR',
        `${this.service} failed: ${first.message}`,
        undefined,
        'UNAVAILABLE',
      );
    }
    if (!body.data) {
      throw new DomainError<UpstreamErrorCode>(
        'UPSTREAM_ERROR',
        `${this.service} returned no data`,
        undefined,
        'UNAVAILABLE',
      );
    }
    return body.data;
  }
}
