import type { Caller } from '@stockgraph/domain';

export interface AccountsContext {
  /** Who is calling, from the verified token. */
  caller: Caller;
}
