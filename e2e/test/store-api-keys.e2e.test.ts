import { decodeJwt } from 'jose';
import { graphqlData, graphqlRequest, waitFor } from '@stockgraph/testing';
import { DEMO, type EmbeddedStack, signedIn, startEmbeddedStack, TIMEOUT, tokenFrom } from '../src';

/** The shortest store token the gateway allows, so the test can watch one expire. */
const STORE_TOKEN_SECONDS = 30;

const CREATE =
  'mutation ($at: ID!, $label: String) { createStoreApiKey(locationId: $at, label: $label) { id locationId secret } }';
const REVOKE = 'mutation ($id: ID!) { revokeStoreApiKey(id: $id) { id revokedAt revokedBy } }';
const ADJUST = `mutation ($input: AdjustStockInput!, $key: String!) {
  adjustStock(input: $input, idempotencyKey: $key) { stockLevel { onHand } userErrors { code } }
}`;
const LEVEL = 'query ($sku: ID!, $at: [ID!]) { product(sku: $sku) { stockLevels(locationIds: $at) { onHand } } }';

/**
 * Per-store API keys end to end, through the embedded stack's gateway: operations create a
 * key for a location, the store exchanges it at POST /auth/token for a short-lived store
 * token that acts only there, and revoking the key stops new tokens while those already
 * issued live out their lifetime.
 */
describe('store API keys through the gateway', () => {
  let stack: EmbeddedStack;
  let api: string;
  let ops: Record<string, string>;

  beforeAll(async () => {
    // No clock tolerance: one process signs and verifies, so an expired token is refused at `exp`, not 30 s later.
    stack = await startEmbeddedStack({
      AUTH_STORE_TOKEN_SECONDS: String(STORE_TOKEN_SECONDS),
      AUTH_CLOCK_TOLERANCE_SECONDS: '0',
    });
    api = `${stack.origin}/graphql`;
    ops = await signedIn(stack.origin, DEMO.ops);
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await stack?.stop();
  }, TIMEOUT.stopStack);

  const createKey = async (label: string) =>
    (
      await graphqlData<{ createStoreApiKey: { id: string; locationId: string; secret: string } }>(
        api,
        CREATE,
        { at: 'madrid-dc', label },
        ops,
      )
    ).createStoreApiKey;
  const exchange = (apiKey: string) =>
    fetch(`${stack.origin}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey }),
    });
  const asToken = (token: string) => ({ authorization: `Bearer ${token}` });
  const adjust = (token: string, sku: string, locationId: string, delta: number, key: string) =>
    graphqlRequest(api, ADJUST, { input: { sku, locationId, delta, reason: 'RECEIVED' }, key }, asToken(token));
  const onHandAt = async (sku: string, locationId: string) =>
    (
      await graphqlData<{ product: { stockLevels: Array<{ onHand: number }> } }>(
        api,
        LEVEL,
        { sku, at: [locationId] },
        ops,
      )
    ).product.stockLevels[0]?.onHand ?? 0;
  const codeOf = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
    result.errors?.[0]?.extensions?.code;

  it(
    'exchanges a key for a store token of its location: it adjusts stock there, and is refused elsewhere with nothing changed',
    async () => {
      const key = await createKey('e2e till');
      const token = await tokenFrom(stack.origin, { apiKey: key.secret });
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ sub: `store-key:${key.id}`, roles: ['store'], locations: ['madrid-dc'] });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(STORE_TOKEN_SECONDS);
      const [madridBefore, berlinBefore] = [
        await onHandAt('SG-0040', 'madrid-dc'),
        await onHandAt('SG-0040', 'berlin-dc'),
      ];

      const atMadrid = await adjust(token, 'SG-0040', 'madrid-dc', 3, 'store-key-madrid-1');
      const atBerlin = await adjust(token, 'SG-0040', 'berlin-dc', 3, 'store-key-berlin-1');

      expect(atMadrid.errors).toBeUndefined();
      expect(atMadrid.data?.adjustStock).toEqual({ stockLevel: { onHand: madridBefore + 3 }, userErrors: [] });
      expect(codeOf(atBerlin)).toBe('FORBIDDEN');
      expect(await onHandAt('SG-0040', 'madrid-dc')).toBe(madridBefore + 3);
      expect(await onHandAt('SG-0040', 'berlin-dc')).toBe(berlinBefore);
      const ledger = await graphqlData<{
        stockMovements: { edges: Array<{ node: { locationId: string; actor: string } }> };
      }>(api, 'query { stockMovements(sku: "SG-0040", first: 50) { edges { node { locationId actor } } } }', {}, ops);
      expect(ledger.stockMovements.edges.map((e) => e.node).filter((m) => m.actor.includes(key.id))).toEqual([
        { locationId: 'madrid-dc', actor: `store:store-key:${key.id}` },
      ]);
    },
    TIMEOUT.test,
  );

  it(
    'refuses a new exchange once the key is revoked; a token already issued works until it expires, then is refused',
    async () => {
      const key = await createKey('e2e revoked till');
      const token = await tokenFrom(stack.origin, { apiKey: key.secret });
      const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;

      const revoked = await graphqlData<{
        revokeStoreApiKey: { id: string; revokedAt: string | null; revokedBy: string };
      }>(api, REVOKE, { id: key.id }, ops);
      const again = await exchange(key.secret);

      expect(revoked.revokeStoreApiKey).toEqual({ id: key.id, revokedAt: expect.any(String), revokedBy: 'ops:ops' });
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
      const before = await onHandAt('SG-0041', 'madrid-dc');
      const stillValid = await adjust(token, 'SG-0041', 'madrid-dc', 1, 'store-key-revoked-1');
      expect(stillValid.errors).toBeUndefined();
      expect(stillValid.data?.adjustStock.stockLevel).toEqual({ onHand: before + 1 });

      // Refused once past `exp` (this stack's verifiers allow no clock tolerance).
      await waitFor(
        async () =>
          codeOf(await graphqlRequest(api, LEVEL, { sku: 'SG-0041', at: ['madrid-dc'] }, asToken(token))) ===
          'UNAUTHENTICATED',
        {
          timeoutMs: 60_000,
          intervalMs: 250,
          what: 'the store token to expire',
        },
      );
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
      const afterExpiry = await adjust(token, 'SG-0041', 'madrid-dc', 1, 'store-key-revoked-2');
      expect(codeOf(afterExpiry)).toBe('UNAUTHENTICATED');
      expect(await onHandAt('SG-0041', 'madrid-dc')).toBe(before + 1);
    },
    TIMEOUT.longTest,
  );
});
