import type { Caller } from '@stockgraph/domain';

export interface StoreContext {
  caller: Caller;
  /** The till session token the request came with, if it came with one (not a central token). */
  tillToken: string | null;
}
