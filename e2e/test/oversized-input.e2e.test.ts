import { type EmbeddedStack, TIMEOUT } from '../src';
import { type Answer, carriesData, send } from '../src/role-matrix/answer';
import { type Authorizations, LOCATION_X, mintIdentities } from '../src/role-matrix/identities';
import { sharedEmbeddedStack } from './support/shared-stacks';

/** POSTs a body as given (already JSON text) and reads the code of the first error. */
async function post(url: string, body: string, authorization: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }>; data?: unknown };
  return { status: response.status, code: answer.errors?.[0]?.extensions?.code, data: answer.data ?? null };
}

const refusedWith = (answer: Answer) => ({
  status: answer.status,
  codes: answer.codes,
  leaked: carriesData(answer.data),
});

/**
 * Issue 20's oversized requests, each of which used to cost the gateway (or a subgraph)
 * hundreds of milliseconds before it was refused: now each is refused with a code that
 * names the bound, before coercion, planning or any resolver, and straight to a subgraph
 * too. How long a refusal takes is the abuse benchmark's to measure, not this test's.
 */
describe('oversized input is refused before any work', () => {
  let stack: EmbeddedStack;
  let auth: Authorizations;
  let gateway: string;

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    gateway = `${stack.origin}/graphql`;
    auth = await mintIdentities(stack);
  }, TIMEOUT.startStack);

  it(
    'refuses 30,000 items, lines or allowances by the list length, through the gateway and straight to the subgraph',
    async () => {
      const items = Array.from({ length: 30_000 }, () => ({ sku: 'SG-0001', quantity: 1 }));
      const VALIDATE = 'mutation ($i: [StockCheckItemInput!]!) { validateStock(input: { items: $i }) { ok } }';
      // Anonymous callers may not even send that much.
      expect(refusedWith(await send(gateway, VALIDATE, { i: items }, ''))).toEqual({
        status: 413,
        codes: ['REQUEST_TOO_LARGE'],
        leaked: false,
      });
      const tooLong = { status: 400, codes: ['INPUT_LIST_TOO_LONG'], leaked: false };
      for (const url of [gateway, stack.url('catalog')])
        expect(refusedWith(await send(url, VALIDATE, { i: items }, auth.customerA))).toEqual(tooLong);

      const ORDER =
        'mutation ($l: [OrderLineInput!]!) { placeOrder(idempotencyKey: "huge", input: { lines: $l }) { order { id } } }';
      for (const url of [gateway, stack.url('order')])
        expect(refusedWith(await send(url, ORDER, { l: items }, auth.customerA))).toEqual(tooLong);
      const mine = await send(gateway, 'query { orders(first: 100) { edges { node { id } } } }', {}, auth.customerA);
      expect(JSON.stringify(mine.data)).not.toContain('huge');

      const ALLOW =
        'mutation ($a: [StoreAllowanceInput!]!, $at: ID!) { setStoreAllowances(allowances: $a, locationId: $at) { allowances { sku } } }';
      const allowances = Array.from({ length: 20_000 }, (_, i) => ({ sku: `SG-${i}`, quantity: 1 }));
      for (const url of [gateway, stack.url('inventory')])
        expect(refusedWith(await send(url, ALLOW, { a: allowances, at: LOCATION_X }, auth.storeX))).toEqual(tooLong);
    },
    TIMEOUT.test,
  );

  it(
    'refuses undeclared variables, a body nested 300,000 levels deep and a 1,600-level ofType chain',
    async () => {
      const junk = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, i]));
      const few = { v1: 1, v2: 2 };
      for (const url of [gateway, stack.url('catalog')]) {
        expect(
          refusedWith(await send(url, '{ products(first: 1) { edges { cursor } } }', few, auth.customerA)),
        ).toEqual({
          status: 400,
          codes: ['UNDECLARED_VARIABLE'],
          leaked: false,
        });
        expect(
          refusedWith(await send(url, '{ products(first: 1) { edges { cursor } } }', junk, auth.customerA)),
        ).toEqual({
          status: 400,
          codes: ['TOO_MANY_VARIABLES'],
          leaked: false,
        });
      }

      const deep = `{"query":"{ __typename }","extensions":${'['.repeat(300_000)}${']'.repeat(300_000)}}`;
      expect(await post(gateway, deep, '')).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE' });
      for (const url of [gateway, stack.url('catalog')])
        expect(await post(url, deep, auth.customerA)).toEqual({ status: 400, code: 'JSON_TOO_DEEP', data: null });

      const chain = `{ __type(name: "Product") { ${'ofType { '.repeat(1600)}name${' }'.repeat(1600)} } }`;
      expect(refusedWith(await send(gateway, chain, {}, ''))).toEqual({
        status: 400,
        codes: ['INTROSPECTION_TOO_DEEP'],
        leaked: false,
      });
      // The console's own introspection still works.
      const console = await send(gateway, '{ __schema { queryType { name } } }', {}, '');
      expect(console.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    },
    TIMEOUT.test,
  );
});
