import { ACTING_FOR_HEADER, CONNECTION_AUTH_KEYS, encodeActingFor, type ServiceTokens } from '@stockgraph/runtime';
import { ANONYMOUS, type Caller, hasRole } from '@stockgraph/domain';

/**
 * Root subscription fields whose public part is the same for everyone who may read no more
 * than the public: anonymous shoppers and customers share one upstream, opened as
 * anonymous. Staff (store, ops, services) may read more of each event (quantities, cause,
 * version, product fields of their own), so theirs are opened for them; so is any other
 * field. A scope names the caller (sub, roles, locations), never the token itself, which
 * changes at every renewal.
 */
const SHARED_SUBSCRIPTION_FIELDS = new Set(['stockChanged']);

/** The identity a subscription's upstream work (socket and entity fetches) runs as, encoded for acting-for. */
export function subscriptionScope(caller: Caller, rootFields: readonly string[]): string {
  const publicFields = rootFields.length > 0 && rootFields.every((field) => SHARED_SUBSCRIPTION_FIELDS.has(field));
  const shared = publicFields && !hasRole(caller, 'store', 'ops', 'service');
  return encodeActingFor(shared ? ANONYMOUS : caller);
}

/** How the gateway speaks to subgraphs when it is not forwarding the caller's own token. */
export class SubgraphCredentials {
  constructor(private readonly tokens: ServiceTokens) {}

  /** Headers for an HTTP call on behalf of `scope` (an encoded caller). */
  async headers(scope: string): Promise<Record<string, string>> {
    return { authorization: await this.tokens.authorization(), [ACTING_FOR_HEADER]: scope };
  }

  /** The `connection_init` payload of an upstream socket on behalf of `scope`. */
  async connectionParams(scope: string): Promise<Record<string, unknown>> {
    return {
      [CONNECTION_AUTH_KEYS.authorization]: await this.tokens.authorization(),
      [CONNECTION_AUTH_KEYS.actingFor]: scope,
    };
  }
}
