import type { ExecutionResult, FormattedExecutionResult } from 'graphql';

/**
 * One event's result on its way to clients: shaped once for a whole group, serialised at
 * most once (on first use), the same bytes written to every socket.
 */
export class Delivery {
  private serialised: string | undefined;
  /** When it was queued for clients (performance.now()), to time the last stage. */
  readonly queuedAt = performance.now();

  constructor(
    readonly result: ExecutionResult | FormattedExecutionResult,
    /** What the result is about and its version there, where the stream orders them (see `@liveSnapshot`). */
    readonly order?: { key: string; version: number },
    /** It is part of a current state the stream started with, not a change (see `@liveSnapshot`). */
    readonly current = false,
  ) {}

  /** The result as graphql-ws sends it: data, and errors in their JSON form. */
  get json(): string {
    this.serialised ??= JSON.stringify(this.result);
    return this.serialised;
  }
}
