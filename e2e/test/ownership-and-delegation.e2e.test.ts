import { randomUUID } from 'node:crypto';
import { type EmbeddedStack, TIMEOUT } from '../src';
import { type Answer, carriesData, send } from '../src/role-matrix/answer';
import { type Authorizations, LOCATION_X, mintIdentities, mintWith, SUBJECT } from '../src/role-matrix/identities';
import { waitFor } from '@stockgraph/testing';
import { readMetric } from '../src';
import { subscribeLive } from '../src/role-matrix/live-client';
import { sharedEmbeddedStack } from './support/shared-stacks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the shape it selected
type Data = Record<string, any>;
const dataOf = (answer: Answer) => (answer.data ?? {}) as Data;
const actingFor = (caller: object) => Buffer.from(JSON.stringify(caller)).toString('base64url');

const PLACE_ORDER = `mutation ($key: String!, $sku: ID!) {
  placeOrder(idempotencyKey: $key, input: { lines: [{ sku: $sku, quantity: 1 }] }) {
    order { id status customerId reservation { id lines { location { id } } } }
    userErrors { code }
  }
}`;
const CONFIRM_HOLD =
  'mutation ($id: ID!, $key: String) { confirmReservation(id: $id, idempotencyKey: $key) { reservation { id status reference lines { sku } } userErrors { code } } }';
const RELEASE_HOLD =
  'mutation ($id: ID!) { releaseReservation(id: $id) { reservation { status } userErrors { code } } }';
const LEDGER_CHECK = 'query { stockLedgerCheck { consistent } }';

/**
 * Issue 20's holes in who may do what, tried again: store staff ending a customer's order
 * hold, a service credential borrowing ops through acting-for, token subjects of every
 * shape, and idempotency keys shared across callers. Each is refused, and what it went
 * for (the order, the hold, the stock) is as it was.
 */
describe('ownership of holds, delegation, subjects and idempotency keys', () => {
  let stack: EmbeddedStack;
  let auth: Authorizations;
  let gateway: string;

  const asOps = async (query: string, variables: Record<string, unknown> = {}): Promise<Data> => {
    const answer = await send(gateway, query, variables, auth.ops);
    if (answer.errors.length > 0) throw new Error(`ops call failed: ${JSON.stringify(answer.errors)}`);
    return dataOf(answer);
  };
  const expectRefused = (answer: Answer, outcome: 'U' | 'F') =>
    expect({ outcome: answer.outcome, leaked: carriesData(answer.data) }).toEqual({ outcome, leaked: false });
  const placeOrder = async (authorization: string, sku: string, key = randomUUID()): Promise<Data> => {
    const answer = await send(gateway, PLACE_ORDER, { key, sku }, authorization);
    const order = dataOf(answer).placeOrder?.order;
    if (order?.status !== 'RESERVED') throw new Error(`the order was not placed: ${JSON.stringify(answer)}`);
    return order;
  };

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    gateway = `${stack.origin}/graphql`;
    auth = await mintIdentities(stack);
  }, TIMEOUT.startStack);

  it(
    "refuses store staff at the hold's own location confirming or releasing a customer's order hold; the order stays unpaid and RESERVED",
    async () => {
      const order = await placeOrder(auth.customerA, 'SG-0011');
      const hold = order.reservation;
      const location: string = hold.lines[0].location.id;
      const staffThere = `Bearer ${await mintWith(stack, auth.storeX.slice(7), { sub: 'staff-here', locations: [location] })}`;
      const STATE =
        'query ($order: ID!, $hold: ID!, $sku: [ID!]!, $at: [ID!]) { order(id: $order) { status paymentReference } reservation(id: $hold) { status } stockLevels(skus: $sku, locationIds: $at) { onHand reserved version } }';
      const state = () => asOps(STATE, { order: order.id, hold: hold.id, sku: ['SG-0011'], at: [location] });
      const before = await state();
      expect(before).toMatchObject({
        order: { status: 'RESERVED', paymentReference: null },
        reservation: { status: 'ACTIVE' },
      });

      for (const url of [gateway, stack.url('inventory')]) {
        expectRefused(await send(url, CONFIRM_HOLD, { id: hold.id }, staffThere), 'F');
        expectRefused(await send(url, RELEASE_HOLD, { id: hold.id }, staffThere), 'F');
        // Operations give a customer's hold back if they must, but never sell it: only the
        // customer's confirmOrder, which records the payment, does.
        expectRefused(await send(url, CONFIRM_HOLD, { id: hold.id }, auth.ops), 'F');
      }
      expect(await state()).toEqual(before);

      // Store staff still sell and release their own holds there.
      const own = await send(
        gateway,
        'mutation ($key: String!, $at: ID!) { reserveStock(idempotencyKey: $key, input: { lines: [{ sku: "SG-0011", quantity: 1, locationId: $at }] }) { reservation { id } userErrors { code } } }',
        { key: randomUUID(), at: location },
        staffThere,
      );
      const ownHold: string = dataOf(own).reserveStock.reservation.id;
      expect(dataOf(await send(gateway, CONFIRM_HOLD, { id: ownHold }, staffThere)).confirmReservation).toMatchObject({
        reservation: { status: 'CONFIRMED' },
        userErrors: [],
      });
    },
    TIMEOUT.test,
  );

  it(
    'honours acting-for only from the gateway, and only to narrow: no service credential reaches an ops-only field',
    async () => {
      const asOpsHeader = { 'stockgraph-acting-for': actingFor({ sub: SUBJECT.ops, roles: ['ops'] }) };
      const gatewayToken = `Bearer ${await mintWith(stack, auth.service.slice(7), { sub: 'gateway' })}`;
      const inventory = stack.url('inventory');

      expectRefused(await send(inventory, LEDGER_CHECK, {}, auth.service), 'F');
      // The order service's token is a service token, but not the gateway's.
      const borrowed = await send(inventory, LEDGER_CHECK, {}, auth.service, asOpsHeader);
      expect({ status: borrowed.status, codes: borrowed.codes }).toEqual({ status: 403, codes: ['FORBIDDEN'] });
      // The gateway's own credential acting for ops gets what both may do: not the ledger check.
      expectRefused(await send(inventory, LEDGER_CHECK, {}, gatewayToken, asOpsHeader), 'F');
      const narrowed = await send(
        inventory,
        'query { stockLevels(skus: ["SG-0001"], locationIds: ["lisbon-store"]) { onHand } }',
        {},
        gatewayToken,
        asOpsHeader,
      );
      expect({ codes: narrowed.codes, levels: dataOf(narrowed).stockLevels?.length }).toEqual({ codes: [], levels: 1 });
      // Ops with their own token still run it.
      expect(await asOps(LEDGER_CHECK)).toEqual({ stockLedgerCheck: { consistent: expect.any(Boolean) } });
    },
    TIMEOUT.test,
  );

  it(
    'refuses tokens the key really signed whose "sub" is not a plain id, everywhere, and places no order for them',
    async () => {
      const ORDERS = 'query { orders(first: 5) { edges { node { id customerId } } } }';
      const RECENT_ORDERS = 'query { orders(first: 100) { edges { node { id status } } } }';
      const subjects: unknown[] = [
        [SUBJECT.customerA],
        123,
        true,
        { length: 1 },
        ` ${SUBJECT.customerA}`,
        `${SUBJECT.customerA}\n`,
        `${SUBJECT.customerA}\u0000`,
        '\u001b[31mx',
      ];
      const ordersBefore = await asOps(RECENT_ORDERS);
      for (const sub of subjects) {
        const token = `Bearer ${await mintWith(stack, auth.customerA.slice(7), { sub })}`;
        for (const url of [gateway, stack.url('order')]) {
          const listed = await send(url, ORDERS, {}, token);
          expect({ sub, status: listed.status, codes: listed.codes, leaked: carriesData(listed.data) }).toEqual({
            sub,
            status: 401,
            codes: ['UNAUTHENTICATED'],
            leaked: false,
          });
        }
        const placed = await send(gateway, PLACE_ORDER, { key: randomUUID(), sku: 'SG-0012' }, token);
        expect({ sub, status: placed.status, codes: placed.codes }).toEqual({
          sub,
          status: 401,
          codes: ['UNAUTHENTICATED'],
        });
      }
      expect(await asOps(RECENT_ORDERS)).toEqual(ordersBefore);
    },
    TIMEOUT.test,
  );

  it(
    'shows anonymous callers and customers what a location can sell, never the quantities behind it, in queries and live alike; staff see theirs',
    async () => {
      const TOTALS = 'query { product(sku: "SG-0015") { inventory { available onHand reserved } } }';
      for (const identity of ['anonymous', 'customerA'] as const) {
        const answer = await send(gateway, TOTALS, {}, auth[identity]);
        expect({ identity, codes: [...new Set(answer.codes)] }).toEqual({
          identity,
          codes: [identity === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'],
        });
      }
      expect(dataOf(await send(gateway, TOTALS, {}, auth.ops)).product.inventory).toEqual({
        available: expect.any(Number),
        onHand: expect.any(Number),
        reserved: expect.any(Number),
      });

      const sku = 'SG-0016';
      const WATCH = `subscription { stockChanged(skus: ["${sku}"]) { sku available version onHand reserved cause product { name stockLevels { onHand } } } }`;
      const PUBLIC = `subscription { stockChanged(skus: ["${sku}"]) { sku available version product { name } } }`;
      const anonymousFull = subscribeLive(gateway, WATCH, {});
      const anonymousPublic = subscribeLive(gateway, PUBLIC, {});
      const ops = subscribeLive(gateway, WATCH, {}, auth.ops);
      try {
        await Promise.all([anonymousFull, anonymousPublic, ops].map((client) => client.acknowledged));
        // Three upstreams: the two anonymous selections and the one acting for ops. The change
        // is made once all three are open at inventory, so none can miss it.
        await waitFor(
          async () => (await readMetric(stack.url('inventory', '/metrics'), 'stock_live_subscribers')) === 3,
          { what: 'the two anonymous upstreams and the one for ops', timeoutMs: 30_000 },
        );
        await asOps(
          'mutation ($key: String!) { adjustStock(idempotencyKey: $key, input: { sku: "SG-0016", locationId: "lisbon-store", delta: 1, reason: RECEIVED }) { stockLevel { onHand } } }',
          { key: randomUUID() },
        );
        await waitFor(() => [anonymousFull, anonymousPublic, ops].every((client) => client.results.length > 0), {
          what: 'the change on every subscription',
          timeoutMs: 30_000,
        });
        // Anonymous asking for the quantities gets the refusal, not the numbers.
        expect(JSON.stringify(anonymousFull.results[0])).not.toMatch(/"onHand":\d|"reserved":\d/);
        expect(new Set(anonymousFull.codes())).toEqual(new Set(['UNAUTHENTICATED']));
        expect(anonymousPublic.results[0]).toEqual({
          data: {
            stockChanged: {
              sku,
              available: expect.any(Number),
              version: expect.any(Number),
              product: { name: expect.any(String) },
            },
          },
        });
        // Ops get every field, product fields resolved as ops (stockLevels is staff's).
        expect(ops.codes()).toEqual([]);
        expect(ops.results[0]?.data?.stockChanged).toMatchObject({
          sku,
          onHand: expect.any(Number),
          reserved: expect.any(Number),
          cause: 'ADJUST',
          product: { stockLevels: expect.arrayContaining([{ onHand: expect.any(Number) }]) },
        });
      } finally {
        await Promise.all([anonymousFull, anonymousPublic, ops].map((client) => client.dispose()));
      }
      // Every upstream ends at inventory too, the refused one included (it once lived on,
      // executing each event for nobody).
      await waitFor(
        async () => (await readMetric(stack.url('inventory', '/metrics'), 'stock_live_subscribers')) === 0,
        {
          what: 'inventory to end every live subscription',
          timeoutMs: 30_000,
        },
      );

      // A subgraph's full schema (with its @inaccessible fields) is for services and ops only.
      for (const service of ['catalog', 'inventory', 'order'] as const) {
        const asCustomer = await send(stack.url(service), '{ _service { sdl } }', {}, auth.customerA);
        expect({
          service,
          status: asCustomer.status,
          codes: asCustomer.codes,
          leaked: carriesData(asCustomer.data),
        }).toEqual({
          service,
          status: 403,
          codes: ['FORBIDDEN'],
          leaked: false,
        });
        const viaFragment = await send(
          stack.url(service),
          '{ ...S } fragment S on Query { _service { sdl } }',
          {},
          auth.storeX,
        );
        expect({ service, codes: viaFragment.codes }).toEqual({ service, codes: ['FORBIDDEN'] });
      }
    },
    TIMEOUT.test,
  );

  it(
    "keeps idempotency keys per caller: nobody replays another's stored answer or spends their key",
    async () => {
      // Store staff at lisbon sell a hold of their own with a key...
      const key = randomUUID();
      const reserved = await send(
        gateway,
        'mutation ($key: String!, $at: ID!) { reserveStock(idempotencyKey: $key, input: { lines: [{ sku: "SG-0013", quantity: 1, locationId: $at }], reference: "till 7" }) { reservation { id } } }',
        { key: randomUUID(), at: LOCATION_X },
        auth.storeX,
      );
      const holdId: string = dataOf(reserved).reserveStock.reservation.id;
      const first = await send(gateway, CONFIRM_HOLD, { id: holdId, key }, auth.storeX);
      expect(dataOf(first).confirmReservation.reservation).toMatchObject({ id: holdId, reference: 'till 7' });
      // ...and staff elsewhere replaying the same id and key get a refusal, not lisbon's hold.
      for (const url of [gateway, stack.url('inventory')]) {
        expectRefused(await send(url, CONFIRM_HOLD, { id: holdId, key }, auth.storeY), 'F');
      }
      // The owner's own retry still replays the first answer.
      expect(dataOf(await send(gateway, CONFIRM_HOLD, { id: holdId, key }, auth.storeX))).toEqual(dataOf(first));

      // Two customers using the same placeOrder key place two orders, each their own.
      await asOps(
        'mutation ($key: String!) { adjustStock(idempotencyKey: $key, input: { sku: "SG-0014", locationId: "lisbon-store", delta: 10, reason: RECEIVED }) { stockLevel { onHand } } }',
        { key: randomUUID() },
      );
      const shared = randomUUID();
      const ofB = await placeOrder(auth.customerB, 'SG-0014', shared);
      const ofA = await placeOrder(auth.customerA, 'SG-0014', shared);
      expect({ a: ofA.customerId, b: ofB.customerId, same: ofA.id === ofB.id }).toEqual({
        a: SUBJECT.customerA,
        b: SUBJECT.customerB,
        same: false,
      });
      // And each customer's retry replays their own.
      expect((await placeOrder(auth.customerA, 'SG-0014', shared)).id).toBe(ofA.id);
    },
    TIMEOUT.test,
  );
});
