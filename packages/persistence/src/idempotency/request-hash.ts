import { createHash } from 'node:crypto';
import { canonicalJson } from '@stockgraph/domain';

/** SHA-256 of the canonical JSON of a request. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}
