import { randomUUID } from 'node:crypto';
import {
  describeWithKafka,
  describeWithMysql,
  graphqlData,
  graphqlRequest,
  kafkaBrokers,
  waitFor,
} from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  originOf,
  signedIn,
  startStoreProcess,
  startTcpProxy,
  type StoreProcess,
  type TcpProxy,
  TIMEOUT,
  tokenFrom,
} from '../src';
import { sharedDistributedStack } from './support/shared-stacks';

const SHOP = 'lisbon-store';
const SKU = 'SG-0050';
const OFFLINE_SALES = 50;
const ONLINE_ORDERS = 100;

interface SyncStatus {
  online: boolean | null;
  backlog: number;
  allowance: number;
}

/**
 * Selling at a shop's till through its store service, against the distributed centre
 * (issue 13): an online sale is recorded centrally at once; with the shop's link to the
 * gateway cut, the till sells exactly its allowance and refuses the next unit, while online
 * orders cannot take the allowance; back online, every sale is recorded once, in order;
 * and a store killed between the centre accepting a sale and noting it counts it once.
 */
describeWithMysql('selling at a store', () => {
  describeWithKafka('distributed stack', () => {
    let stack: DistributedStack;
    let gateway: string;
    let ops: Record<string, string>;
    let apiKey: string;
    let link: TcpProxy;
    let store: StoreProcess;

    beforeAll(async () => {
      stack = await sharedDistributedStack();
      gateway = stack.gatewayUrl;
      ops = await signedIn(originOf(gateway), DEMO.ops);
      await setOnHand(120);
      apiKey = (
        await graphqlData<{ createStoreApiKey: { secret: string } }>(
          gateway,
          'mutation ($at: ID!) { createStoreApiKey(locationId: $at) { secret } }',
          { at: SHOP },
          ops,
        )
      ).createStoreApiKey.secret;
      // The shop reaches the gateway only through a link the test can cut.
      link = await startTcpProxy(Number(new URL(gateway).port));
      store = await startStoreProcess(stack, {
        locationId: SHOP,
        apiKey,
        env: {
          KAFKA_BROKERS: kafkaBrokers().join(','),
          GATEWAY_URL: `http://127.0.0.1:${link.port}/graphql`,
          ALLOWANCE_PERCENT: '50',
          ALLOWANCE_CAP: String(OFFLINE_SALES),
          ALLOWANCE_REFRESH_MS: '300',
          SYNC_RETRY_BASE_MS: '100',
          SYNC_RETRY_CAP_MS: '1000',
          CENTRAL_TIMEOUT_MS: '2000',
        },
      });
    }, TIMEOUT.startStack);

    afterAll(async () => {
      await store?.stop();
      await link?.close();
    }, TIMEOUT.stopStack);

    async function setOnHand(onHand: number): Promise<void> {
      await graphqlData(
        gateway,
        'mutation ($input: AdjustStockInput!, $key: String!) { adjustStock(input: $input, idempotencyKey: $key) { userErrors { code } } }',
        { input: { sku: SKU, locationId: SHOP, set: onHand, reason: 'RECEIVED' }, key: randomUUID() },
        ops,
      );
    }
    const till = async () => ({ authorization: `Bearer ${await tokenFrom(originOf(gateway), { apiKey })}` });
    let tillAuth: Record<string, string> | null = null;
    const asTill = async <Data>(query: string, variables: Record<string, unknown> = {}) =>
      graphqlData<Data>(store.url, query, variables, (tillAuth ??= await till()));
    const sell = (saleId: string, quantity = 1) =>
      asTill<{
        sell: {
          sale: { id: string; status: string; offline: boolean } | null;
          userErrors: Array<{ code: string; message: string }>;
        };
      }>(
        'mutation ($id: ID!, $lines: [SaleLineInput!]!) { sell(saleId: $id, lines: $lines) { sale { id status offline } userErrors { code message } } }',
        { id: saleId, lines: [{ sku: SKU, quantity }] },
      );
    const status = async () =>
      (await asTill<{ syncStatus: SyncStatus }>('{ syncStatus { online backlog allowance } }')).syncStatus;
    const allowanceLeft = async () =>
      (
        await asTill<{ storeStock: { allowanceLeft: number } }>(
          'query ($sku: ID!) { storeStock(sku: $sku) { allowanceLeft } }',
          { sku: SKU },
        )
      ).storeStock.allowanceLeft;
    const centralLevel = async () =>
      (
        await graphqlData<{ stockLevels: Array<{ onHand: number; reserved: number; available: number }> }>(
          gateway,
          'query ($s: [ID!]!, $at: [ID!]) { stockLevels(skus: $s, locationIds: $at) { onHand reserved available } }',
          { s: [SKU], at: [SHOP] },
          ops,
        )
      ).stockLevels[0];
    const saleReferences = async (): Promise<string[]> => {
      const references: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const data: {
          stockMovements: {
            edges: Array<{ node: { kind: string; reference: string | null } }>;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        } = await graphqlData(
          gateway,
          'query ($sku: ID!, $after: String) { stockMovements(sku: $sku, first: 100, after: $after) { edges { node { kind reference } } pageInfo { hasNextPage endCursor } } }',
          { sku: SKU, after },
          ops,
        );
        references.push(
          ...data.stockMovements.edges
            .filter((edge) => edge.node.kind === 'SALE')
            .map((edge) => edge.node.reference ?? ''),
        );
        if (!data.stockMovements.pageInfo.hasNextPage) break;
        after = data.stockMovements.pageInfo.endCursor;
      }
      return references;
    };

    it(
      'records an online sale centrally at once, with the sale id as the ledger reference',
      async () => {
        await waitFor(async () => (await allowanceLeft()) === OFFLINE_SALES, {
          timeoutMs: 60_000,
          what: 'the allowance to be granted',
        });
        const before = await centralLevel();
        const sold = await sell('till-1:online-1', 2);
        expect(sold.sell.userErrors).toEqual([]);
        await waitFor(async () => (await saleReferences()).includes('till-1:online-1'), {
          timeoutMs: 30_000,
          what: 'the sale in the central ledger',
        });
        expect((await centralLevel())?.onHand).toBe((before?.onHand ?? 0) - 2);
        await waitFor(async () => (await status()).backlog === 0 && (await allowanceLeft()) === OFFLINE_SALES, {
          timeoutMs: 30_000,
          what: 'the allowance topped up again',
        });
      },
      TIMEOUT.test,
    );

    it(
      `sells ${OFFLINE_SALES} units offline and refuses the next, while ${ONLINE_ORDERS} online orders cannot take them; back online each sale is recorded once`,
      async () => {
        const onHand = (await centralLevel())?.onHand ?? 0;
        link.cut();
        const offline = [];
        for (let i = 0; i < OFFLINE_SALES; i++) offline.push(await sell(`till-1:offline-${i}`));
        expect(offline.map((answer) => answer.sell.userErrors)).toEqual(offline.map(() => []));
        await waitFor(async () => (await status()).online === false, {
          timeoutMs: 30_000,
          what: 'the store to notice it is offline',
        });
        const refused = await sell('till-1:offline-beyond');
        expect(refused.sell.sale).toBeNull();
        expect(refused.sell.userErrors).toEqual([
          { code: 'OFFLINE_ALLOWANCE_EXCEEDED', message: expect.stringContaining('0 more') },
        ]);

        // Meanwhile the centre keeps selling online; none of the allowance's units can go.
        const orders = await Promise.all(
          Array.from({ length: ONLINE_ORDERS }, () =>
            graphqlRequest(
              gateway,
              'mutation ($key: String!, $sku: ID!, $at: ID!) { reserveStock(idempotencyKey: $key, input: { lines: [{ sku: $sku, quantity: 1, locationId: $at }] }) { reservation { id } userErrors { code } } }',
              { key: randomUUID(), sku: SKU, at: SHOP },
              ops,
            ),
          ),
        );
        const held = orders.filter(
          (answer) =>
            (answer.data as { reserveStock?: { reservation: unknown } } | null | undefined)?.reserveStock?.reservation,
        ).length;
        expect(held).toBe(onHand - OFFLINE_SALES);
        expect(await centralLevel()).toMatchObject({ onHand, reserved: onHand, available: 0 });
        expect((await status()).backlog).toBe(OFFLINE_SALES);

        link.restore();
        await waitFor(async () => (await status()).backlog === 0, { timeoutMs: 60_000, what: 'the outbox to drain' });
        const references = await saleReferences();
        const offlineIds = Array.from({ length: OFFLINE_SALES }, (_, i) => `till-1:offline-${i}`);
        expect(references.filter((reference) => reference.startsWith('till-1:offline-')).sort()).toEqual(
          [...offlineIds].sort(),
        );
        expect(await centralLevel()).toMatchObject({
          onHand: onHand - OFFLINE_SALES,
          reserved: onHand - OFFLINE_SALES,
          available: 0,
        });
        const check = await graphqlData<{ stockLedgerCheck: { consistent: boolean } }>(
          gateway,
          '{ stockLedgerCheck { consistent } }',
          {},
          ops,
        );
        expect(check.stockLedgerCheck.consistent).toBe(true);
        await waitFor(
          async () =>
            (
              await asTill<{ storeStock: { onHand: number } }>(
                'query ($sku: ID!) { storeStock(sku: $sku) { onHand } }',
                { sku: SKU },
              )
            ).storeStock.onHand ===
            onHand - OFFLINE_SALES,
          {
            timeoutMs: 30_000,
            what: 'the replica to converge',
          },
        );
      },
      TIMEOUT.longTest,
    );

    it(
      'counts a sale once when the store is killed after the centre accepted it and before it noted it',
      async () => {
        await setOnHand(200);
        await waitFor(async () => (await allowanceLeft()) > 0, { timeoutMs: 60_000, what: 'an allowance again' });
        await store.restart({ crash: false, env: { FAULT_INJECTION: 'crash-after-central-sale' } });
        tillAuth = null;
        const onHand = (await centralLevel())?.onHand ?? 0;
        await sell('till-1:crash-1');
        // The fault kills the store as soon as the centre has answered: wait for that.
        await waitFor(() => store.process.child.exitCode !== null || store.process.child.signalCode !== null, {
          timeoutMs: 30_000,
          what: 'the store to die after the central answer',
        });
        await store.restart({ env: {} });
        await waitFor(async () => (await status()).backlog === 0, {
          timeoutMs: 60_000,
          what: 'the resent sale to be noted',
        });
        expect((await saleReferences()).filter((reference) => reference === 'till-1:crash-1')).toHaveLength(1);
        expect((await centralLevel())?.onHand).toBe(onHand - 1);
      },
      TIMEOUT.longTest,
    );

    it(
      'takes back a return of a recorded sale centrally, and dead-letters what the centre cannot match, for operations to see',
      async () => {
        const before = (await centralLevel())?.onHand ?? 0;
        const returned = await asTill<{ returnSale: { saleReturn: { status: string } | null; userErrors: unknown[] } }>(
          'mutation { returnSale(returnId: "till-1:return-1", saleId: "till-1:online-1", lines: [{ sku: "SG-0050", quantity: 1 }]) { saleReturn { status } userErrors { code } } }',
        );
        expect(returned.returnSale.userErrors).toEqual([]);
        // Sent is not applied: the centre records what the shop sent in its own time.
        await waitFor(async () => (await status()).backlog === 0 && (await centralLevel())?.onHand !== before, {
          timeoutMs: 30_000,
          what: 'the return to be recorded centrally',
        });
        expect((await centralLevel())?.onHand).toBe(before + 1);
        const overReturn = await asTill<{ returnSale: { userErrors: Array<{ code: string }> } }>(
          'mutation { returnSale(returnId: "till-1:return-2", saleId: "till-1:online-1", lines: [{ sku: "SG-0050", quantity: 2 }]) { userErrors { code } } }',
        );
        expect(overReturn.returnSale.userErrors.map((e) => e.code)).toEqual(['RETURN_EXCEEDS_SALE']);

        // Sold offline, then the centre gives the allowance back and the last free unit away before the shop returns.
        await waitFor(async () => (await allowanceLeft()) > 0, { timeoutMs: 60_000, what: 'an allowance' });
        link.cut();
        expect((await sell('till-1:doomed')).sell.userErrors).toEqual([]);
        const refund = await asTill<{ returnSale: { userErrors: unknown[] } }>(
          'mutation { returnSale(returnId: "till-1:doomed-return", saleId: "till-1:doomed", lines: [{ sku: "SG-0050", quantity: 1 }]) { userErrors { code } } }',
        );
        expect(refund.returnSale.userErrors).toEqual([]);
        await graphqlData(
          gateway,
          'mutation ($at: ID!, $sku: ID!) { setStoreAllowances(locationId: $at, allowances: [{ sku: $sku, quantity: 0 }]) { allowances { quantity } } }',
          { at: SHOP, sku: SKU },
          ops,
        );
        const level = await centralLevel();
        await setOnHand(level?.reserved ?? 0);
        link.restore();
        await waitFor(async () => (await status()).backlog === 0, { timeoutMs: 60_000, what: 'the outbox to drain' });
        const letters = (
          await asTill<{ syncDeadLetters: Array<{ kind: string; id: string; code: string }> }>(
            '{ syncDeadLetters { kind id code } }',
          )
        ).syncDeadLetters;
        expect(letters.map(({ kind, id, code }) => `${kind} ${id} ${code}`).sort()).toEqual([
          'RETURN till-1:doomed-return SALE_UNKNOWN',
          'SALE till-1:doomed INSUFFICIENT_STOCK',
        ]);
        const summary = await waitFor(
          async () => {
            const answer = (await (await fetch(`${originOf(gateway)}/ops/summary`, { headers: ops })).json()) as {
              recentDeadLetters: {
                topics: Array<{
                  topic: string;
                  latest: Array<{ key: string | null; reason: string | null; consumer: string | null }>;
                }>;
              };
            };
            const tail = answer.recentDeadLetters.topics.find((topic) => topic.topic === 'store.sync.v1.dlq');
            return tail && tail.latest.length >= 2 ? tail : undefined;
          },
          { timeoutMs: 30_000, what: "the store's dead letters in the operations summary" },
        );
        expect(summary.latest.map((letter) => `${letter.key} ${letter.reason} ${letter.consumer}`).sort()).toEqual([
          `till-1:doomed INSUFFICIENT_STOCK store-${SHOP}`,
          `till-1:doomed-return SALE_UNKNOWN store-${SHOP}`,
        ]);
      },
      TIMEOUT.longTest,
    );
  });
});
