import type { GraphQLClient } from '@stockgraph/runtime';

/** What a valid store API key stands for. */
export interface StoreKeyGrant {
  keyId: string;
  locationId: string;
}

// Keys are `sgk_<id>.<secret>` (see inventory's store-api-key.ts); anything else is not worth a round trip.
const KEY_SHAPE = /^sgk_[A-Za-z0-9-]{1,64}\.[A-Za-z0-9_-]{20,200}$/;

/**
 * Asks inventory, which keeps the keys' hashes beside the locations they belong to,
 * whether a store API key is valid now. Asked at every exchange, so a revoked key gets
 * no new token; the tokens it already got live out their (short) lifetime.
 */
export class StoreKeyExchange {
  constructor(private readonly inventory: GraphQLClient) {}

  async verify(secret: string): Promise<StoreKeyGrant | null> {
    if (!KEY_SHAPE.test(secret)) return null;
    const data = await this.inventory.request<{ verifyStoreApiKey: StoreKeyGrant | null }>(
      'query VerifyStoreApiKey($secret: String!) { verifyStoreApiKey(secret: $secret) { keyId locationId } }',
      { secret },
    );
    return data.verifyStoreApiKey;
  }
}
