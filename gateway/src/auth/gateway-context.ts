import type { Caller } from '@stockgraph/domain';

/** What every gateway operation knows of its caller. */
export interface GatewayContext {
  caller: Caller;
  /** The caller's own `Authorization` header, verified, forwarded to subgraphs; null when anonymous. */
  authorization: string | null;
  /** The caller's network address as a rate-limit key (`ip:…`), for budgets kept per address. */
  address: string;
}
