import { type EmbeddedStack, NO_TOKEN, signedIn, startEmbeddedStack, TIMEOUT } from '../src';
import { graphqlData } from '@stockgraph/shared/testing';

/** The gateway's read-only operations summary: from the services' own metrics, for ops only. */
describe('operations summary at the gateway', () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await stack?.stop();
  }, TIMEOUT.stopStack);

  const summary = (headers: Record<string, string>) => fetch(`${stack.origin}/ops/summary`, { headers });

  it('refuses anyone but ops: 401 without a token, 403 for a customer', async () => {
    expect((await summary({})).status).toBe(401);
    expect((await summary(await signedIn(stack.origin, 'alice'))).status).toBe(403);
  }, TIMEOUT.test);

  it("reports every service, the checkout circuit and inventory's call rate to ops", async () => {
    const ops = await signedIn(stack.origin, 'ops');
    const first = await summary(ops);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const before = (await first.json()) as { services: unknown[]; checkout: { circuit: string; inventoryCalls: Array<{ total: number }> }; deadLetters: unknown[]; consumerLag: unknown[] };
    expect(before.services).toEqual(['catalog', 'inventory', 'order'].map((service) => ({ service, reachable: true })));
    expect(before.checkout.circuit).toBe('closed');
    expect(Array.isArray(before.deadLetters) && Array.isArray(before.consumerLag)).toBe(true);
    const callsBefore = before.checkout.inventoryCalls.reduce((sum, c) => sum + c.total, 0);

    await graphqlData(`${stack.origin}/graphql`, 'mutation { validateStock(input: { items: [{ sku: "SG-0001", quantity: 1 }] }) { ok } }', {}, NO_TOKEN);

    const after = (await (await summary(ops)).json()) as { checkout: { inventoryCalls: Array<{ total: number }>; inventoryCallsPerSecond: number | null } };
    expect(after.checkout.inventoryCalls.reduce((sum, c) => sum + c.total, 0)).toBeGreaterThan(callsBefore);
    expect(after.checkout.inventoryCallsPerSecond).toBeGreaterThan(0);
  }, TIMEOUT.test);
});
