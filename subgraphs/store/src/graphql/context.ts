import type { Caller } from '@stockgraph/shared/domain';

export interface StoreContext {
  caller: Caller;
}
