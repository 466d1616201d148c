import type { Caller } from '@stockgraph/domain';

/** An operations caller, for tests that drive use cases directly and are not about who may call them. */
export function opsCaller(subject = 'test'): Caller {
  return { subject, roles: ['ops'], locations: [] };
}
