import type { Caller } from '@stockgraph/domain';

export interface StoreContext {
  caller: Caller;
}
