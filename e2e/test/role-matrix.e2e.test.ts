import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { waitFor } from '@stockgraph/testing';
import { type EmbeddedStack, REPO_ROOT, startEmbeddedStack, TIMEOUT } from '../src';
import { type Answer, carriesData, firstDifference, type Outcome, send } from '../src/role-matrix/answer';
import {
  type Authorizations,
  type Identity,
  IDENTITIES,
  isBadToken,
  LOCATION_X,
  LOCATION_Y,
  mintIdentities,
  REAL_IDENTITIES,
  type RealIdentity,
  SUBJECT,
} from '../src/role-matrix/identities';
import { type CellResult, formatMatrix, type Route, ROUTES } from '../src/role-matrix/matrix-table';
import { snapshotState, type SubgraphUrls } from '../src/role-matrix/state-snapshot';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case reads the shape it selected
type Data = Record<string, any>;
const dataOf = (answer: Answer) => (answer.data ?? {}) as Data;

/** One sku per kind of change, so that one case's effects never show in another's. */
const SKU = {
  order: 'SG-0011',
  hold: 'SG-0012',
  adjust: 'SG-0013',
  adjustToo: 'SG-0018',
  count: 'SG-0015',
  watermark: 'SG-0016',
  product: 'SG-0017',
  store: 'SG-0019',
} as const;
const MATRIX_SKUS = Object.values(SKU);
/**
 * Queries anyone may make, anonymous shoppers included: the only ones the matrix leaves out.
 * Coverage looks at root fields only; a public field below the root (`InventorySummary.byLocation`)
 * has a row of its own, every identity allowed.
 */
const PUBLIC_QUERIES = ['product', 'products', 'categories', 'locations'];
/** Fields kept out of the public API (@inaccessible): not on the gateway at all; their own test below covers them. */
const INTERNAL_QUERIES = ['verifyStoreApiKey'];

const PLACE_ORDER =
  'mutation ($key: String!, $input: PlaceOrderInput!) { placeOrder(idempotencyKey: $key, input: $input) { order { id status customerId } userErrors { code } } }';
const RESERVE =
  'mutation ($key: String!, $lines: [ReserveLineInput!]!) { reserveStock(idempotencyKey: $key, input: { lines: $lines, ttlSeconds: 3600, reference: "role-matrix" }) { reservation { id status } userErrors { code } } }';
const SUBMIT_COUNTS =
  'mutation ($counts: [WarehouseCountInput!]!) { submitWarehouseCounts(source: "role-matrix", counts: $counts) }';
const ORDER_FIELDS = '{ order { id status } userErrors { code } }';

type Owner = 'catalog' | 'inventory' | 'order' | 'accounts';

/** A customer account a case works on, and the outcome of signing in to it (how a refused change shows it did nothing). */
const MATRIX_PASSWORD = 'matrix secret 7x';

/** What a case works on, made fresh as operations (or the customer who owns it). */
interface Fixture {
  orderId?: string;
  reservationId?: string;
  /** A second hold, at LOCATION_Y. */
  reservationAtY?: string;
  watermarkSequence?: number;
  storeKeyId?: string;
  account?: { email: string; refreshToken: string };
  transferId?: string;
  purchaseOrderId?: string;
}

interface Attempt {
  identity: Identity;
  route: Route;
  expected: Outcome;
  status: number;
  /** Unique per attempt: idempotency keys, names and counts that show which attempt did what. */
  n: number;
  fixture: Fixture;
}

interface MatrixCase {
  /** The row's name in the table. */
  operation: string;
  /** The schema field the row proves: `Mutation.x`, `Query.x` or `Product.stockLevels`. */
  field: string;
  owner: Owner;
  document: string;
  /** The document sent straight to the owning subgraph, when it differs (entity fields go through `_entities`). */
  subgraphDocument?: string;
  variables(attempt: Attempt): Record<string, unknown>;
  /**
   * The outcome for anonymous, customer A, customer B, store at X, store at Y, ops and
   * service, in that order: A allowed, U UNAUTHENTICATED, F FORBIDDEN, or the code of a
   * refusal that comes after every check of who may call. The forged tokens are U
   * everywhere, and so is anonymous straight to a subgraph (which answers nobody without a token).
   */
  expect: string;
  fixture?: () => Promise<Fixture>;
  /** An allowed call uses the fixture up (confirms the order, clears the watermark): the next attempt gets a fresh one. */
  consumes?: boolean;
  /** What is wrong with an allowed answer, if anything: allowed calls must also work. */
  verify?: (answer: Answer, attempt: Attempt) => Promise<string | null> | string | null;
  /** State beyond the common snapshot that a refusal must leave alone. */
  extraState?: () => Promise<unknown>;
}

const expectationOf = (matrixCase: MatrixCase): Record<RealIdentity, Outcome> => {
  const outcomes = matrixCase.expect.trim().split(/\s+/);
  if (outcomes.length !== REAL_IDENTITIES.length)
    throw new Error(`${matrixCase.operation}: expect names ${outcomes.length} outcomes, not ${REAL_IDENTITIES.length}`);
  return Object.fromEntries(REAL_IDENTITIES.map((identity, i) => [identity, outcomes[i]])) as Record<
    RealIdentity,
    Outcome
  >;
};

/**
 * Every mutation and every protected query × 12 identities, through the gateway and
 * straight to the subgraph that owns the field (issue 10, "Must show"). A refusal must
 * carry UNAUTHENTICATED or FORBIDDEN, answer no data and change nothing: the state it
 * could touch is read as operations before and after. An allowed call must do its job.
 */
describe('role matrix', () => {
  let stack: EmbeddedStack;
  let auth: Authorizations;
  let urls: SubgraphUrls;
  let gateway: string;
  const results: CellResult[] = [];
  let serial = 0;

  /** An ops call through the gateway that must succeed. */
  const asOps = async (query: string, variables: Record<string, unknown> = {}): Promise<Data> => {
    const answer = await send(gateway, query, variables, auth.ops);
    if (answer.errors.length > 0) throw new Error(`ops call failed: ${JSON.stringify(answer.errors)}`);
    return dataOf(answer);
  };
  const levelAt = async (
    sku: string,
    locationId: string,
  ): Promise<{ onHand: number; reserved: number; version: number }> => {
    const data = await asOps(
      'query ($skus: [ID!]!, $at: [ID!]) { stockLevels(skus: $skus, locationIds: $at) { onHand reserved version } }',
      { skus: [sku], at: [locationId] },
    );
    return data.stockLevels[0];
  };
  const untilOnHand = (sku: string, locationId: string, onHand: number) =>
    waitFor(async () => (await levelAt(sku, locationId)).onHand === onHand, {
      timeoutMs: 20_000,
      what: `${sku} at ${locationId} to be counted as ${onHand}`,
    });

  const orderOfCustomerA = async (): Promise<Fixture> => {
    const answer = await send(
      gateway,
      PLACE_ORDER,
      { key: randomUUID(), input: { lines: [{ sku: SKU.order, quantity: 1 }] } },
      auth.customerA,
    );
    const order = dataOf(answer).placeOrder?.order;
    if (order?.status !== 'RESERVED') throw new Error(`customer A's order was not placed: ${JSON.stringify(answer)}`);
    return { orderId: order.id };
  };
  const holdAtX = async (): Promise<Fixture> => {
    const data = await asOps(RESERVE, {
      key: randomUUID(),
      lines: [{ sku: SKU.hold, quantity: 1, locationId: LOCATION_X }],
    });
    if (!data.reserveStock.reservation) throw new Error(`no hold at ${LOCATION_X}: ${JSON.stringify(data)}`);
    return { reservationId: data.reserveStock.reservation.id };
  };
  /** A draft transfer of one unit from X to Y, made by operations. */
  const transferXtoY = async (): Promise<Fixture> => {
    const data = await asOps(
      'mutation ($input: CreateTransferInput!, $key: String!) { createTransfer(input: $input, idempotencyKey: $key) { transfer { id } } }',
      {
        key: randomUUID(),
        input: { sourceId: LOCATION_X, destinationId: LOCATION_Y, lines: [{ sku: SKU.hold, quantity: 1 }] },
      },
    );
    return { transferId: data.createTransfer.transfer.id };
  };
  const shippedXtoY = async (): Promise<Fixture> => {
    const fixture = await transferXtoY();
    await asOps(
      'mutation ($id: ID!, $key: String!) { shipTransfer(id: $id, idempotencyKey: $key) { transfer { id } } }',
      {
        id: fixture.transferId,
        key: randomUUID(),
      },
    );
    return fixture;
  };
  /** An open purchase order of two units of SKU.hold at X, made by operations. */
  const purchaseAtX = async (): Promise<Fixture> => {
    const data = await asOps(
      'mutation ($input: CreatePurchaseOrderInput!, $key: String!) { createPurchaseOrder(input: $input, idempotencyKey: $key) { purchaseOrder { id } } }',
      {
        key: randomUUID(),
        input: {
          locationId: LOCATION_X,
          supplierReference: 'matrix-po',
          expectedAt: new Date().toISOString(),
          lines: [{ sku: SKU.hold, quantity: 2 }],
        },
      },
    );
    return { purchaseOrderId: data.createPurchaseOrder.purchaseOrder.id };
  };
  const holdsAtXAndY = async (): Promise<Fixture> => {
    const atY = await asOps(RESERVE, {
      key: randomUUID(),
      lines: [{ sku: SKU.hold, quantity: 1, locationId: LOCATION_Y }],
    });
    return { ...(await holdAtX()), reservationAtY: atY.reserveStock.reservation?.id };
  };
  /** What is wrong with a list of holds: one of `wanted` missing, or a line outside `onlyAt` (when given). */
  const listedHolds = (answer: Answer, wanted: Array<string | undefined>, onlyAt?: string) => {
    const holds: Array<{ id: string; lines: Array<{ location: { id: string } }> }> = dataOf(
      answer,
    ).reservations.edges.map((edge: Data) => edge.node);
    const missing = wanted.filter((id) => !holds.some((hold) => hold.id === id));
    if (missing.length > 0) return `did not list ${missing.join(', ')}`;
    return onlyAt
      ? allAt(
          holds.flatMap((hold) => hold.lines),
          onlyAt,
        )
      : null;
  };
  const storeKeys = async () =>
    (await asOps('query { storeApiKeys { id locationId label revokedAt } }')).storeApiKeys as unknown;
  const storeKeyAtX = async (): Promise<Fixture> => ({
    storeKeyId: (
      await asOps('mutation ($at: ID!) { createStoreApiKey(locationId: $at, label: "matrix") { id } }', {
        at: LOCATION_X,
      })
    ).createStoreApiKey.id as string,
  });
  const watermarkAtX = async (): Promise<Fixture> => {
    const sequence = ++serial;
    await asOps(SUBMIT_COUNTS, {
      counts: [{ sku: SKU.watermark, locationId: LOCATION_X, onHand: 400 + sequence, sequence }],
    });
    await untilOnHand(SKU.watermark, LOCATION_X, 400 + sequence);
    return { watermarkSequence: sequence };
  };

  const allAt = (rows: Array<{ location: { id: string } }> | undefined, locationId: string) =>
    rows && rows.length > 0 && rows.every((row) => row.location.id === locationId)
      ? null
      : `expected rows at ${locationId} only, got ${JSON.stringify(rows)}`;
  const ownOrders = (answer: Answer, attempt: Attempt, customer?: string) => {
    const owners: string[] = dataOf(answer).orders.edges.map((edge: Data) => edge.node.customerId);
    const wanted = customer ?? (attempt.identity.startsWith('customer') ? SUBJECT[attempt.identity] : undefined);
    if (owners.length === 0) return 'listed no orders';
    return wanted && owners.some((owner) => owner !== wanted)
      ? `listed orders of ${[...new Set(owners)].join(', ')}, not only ${wanted}'s`
      : null;
  };

  /** The account the current accounts case works on. */
  let account: { email: string; refreshToken: string } | undefined;
  const newAccount = async (disabled = false): Promise<Fixture> => {
    const email = `matrix-${randomUUID()}@example.com`;
    const answer = await send(
      gateway,
      'mutation ($i: RegisterInput!) { register(input: $i) { refreshToken } }',
      { i: { email, password: MATRIX_PASSWORD } },
      '',
    );
    const refreshToken = dataOf(answer).register?.refreshToken as string | undefined;
    if (!refreshToken) throw new Error(`no account registered: ${JSON.stringify(answer)}`);
    if (disabled)
      await asOps('mutation ($email: String!) { disableAccount(email: $email, reason: "matrix") { status } }', {
        email,
      });
    account = { email, refreshToken };
    return { account };
  };
  /** Whether the case's account signs in (A) or why not: a refused change to it must leave this as it was. */
  const signInOutcome = async () =>
    account
      ? (
          await send(
            gateway,
            'mutation ($i: SignInInput!) { signIn(input: $i) { tokenType } }',
            { i: { email: account.email, password: MATRIX_PASSWORD } },
            '',
          )
        ).outcome
      : null;

  const CASES: MatrixCase[] = [
    {
      operation: 'register',
      field: 'Mutation.register',
      owner: 'accounts',
      document: 'mutation ($i: RegisterInput!) { register(input: $i) { tokenType account { email status } } }',
      variables: ({ n }) => ({
        i: { email: `matrix-register-${n}-${randomUUID()}@example.com`, password: MATRIX_PASSWORD },
      }),
      expect: 'A A A A A A A',
      verify: (answer) => (dataOf(answer).register.account.status === 'ACTIVE' ? null : 'no active account'),
    },
    {
      operation: 'signIn',
      field: 'Mutation.signIn',
      owner: 'accounts',
      document: 'mutation ($i: SignInInput!) { signIn(input: $i) { tokenType account { email } } }',
      variables: ({ fixture }) => ({ i: { email: fixture.account?.email, password: MATRIX_PASSWORD } }),
      expect: 'A A A A A A A',
      fixture: () => newAccount(),
      verify: (answer, { fixture }) =>
        dataOf(answer).signIn.account.email === fixture.account?.email ? null : 'signed in to another account',
    },
    {
      operation: 'refreshSession',
      field: 'Mutation.refreshSession',
      owner: 'accounts',
      document: 'mutation ($r: String!) { refreshSession(refreshToken: $r) { refreshToken account { email } } }',
      variables: ({ fixture }) => ({ r: fixture.account?.refreshToken }),
      expect: 'A A A A A A A',
      fixture: () => newAccount(),
      consumes: true,
      verify: (answer, { fixture }) =>
        dataOf(answer).refreshSession.refreshToken !== fixture.account?.refreshToken ? null : 'token not rotated',
    },
    {
      operation: 'signOut',
      field: 'Mutation.signOut',
      owner: 'accounts',
      document: 'mutation ($r: String!) { signOut(refreshToken: $r) }',
      variables: ({ fixture }) => ({ r: fixture.account?.refreshToken }),
      expect: 'A A A A A A A',
      fixture: () => newAccount(),
      consumes: true,
      verify: (answer) => (dataOf(answer).signOut === true ? null : 'no session ended'),
    },
    {
      operation: 'disableAccount',
      field: 'Mutation.disableAccount',
      owner: 'accounts',
      document: 'mutation ($email: String!) { disableAccount(email: $email, reason: "role matrix") { status } }',
      variables: ({ fixture }) => ({ email: fixture.account?.email }),
      expect: 'U F F F F A F',
      fixture: () => newAccount(),
      consumes: true,
      verify: async (answer) =>
        dataOf(answer).disableAccount.status === 'DISABLED' && (await signInOutcome()) === 'ACCOUNT_DISABLED'
          ? null
          : 'the account still signs in',
      extraState: signInOutcome,
    },
    {
      operation: 'enableAccount',
      field: 'Mutation.enableAccount',
      owner: 'accounts',
      document: 'mutation ($email: String!) { enableAccount(email: $email) { status } }',
      variables: ({ fixture }) => ({ email: fixture.account?.email }),
      expect: 'U F F F F A F',
      fixture: () => newAccount(true),
      consumes: true,
      verify: async (answer) =>
        dataOf(answer).enableAccount.status === 'ACTIVE' && (await signInOutcome()) === 'A'
          ? null
          : 'the account still cannot sign in',
      extraState: signInOutcome,
    },
    {
      operation: 'me',
      field: 'Query.me',
      owner: 'accounts',
      document: 'query { me { id email } }',
      variables: () => ({}),
      // Demo customers have accounts under their demo ids; ops have none (null).
      expect: 'U A A F F A F',
      verify: (answer, { identity }) => {
        const me = dataOf(answer).me as { id: string } | null;
        if (identity === 'ops') return me === null ? null : `ops got an account: ${JSON.stringify(me)}`;
        return me?.id === SUBJECT[identity] ? null : `not their own account: ${JSON.stringify(me)}`;
      },
    },
    {
      operation: 'reconcileStockProjection',
      field: 'Mutation.reconcileStockProjection',
      owner: 'catalog',
      document: 'mutation { reconcileStockProjection(dryRun: false) { checked mismatched repaired } }',
      variables: () => ({}),
      expect: 'U F F F F A F',
      verify: (answer) => (dataOf(answer).reconcileStockProjection.checked > 0 ? null : 'checked nothing'),
      extraState: async () => {
        const data = await send(
          urls.catalog,
          'query ($skus: [ID!]) { products(first: 100, filter: { skus: $skus }) { edges { node { sku stockSummary { available inStock asOf byRegion { region available } } } } } }',
          { skus: MATRIX_SKUS },
          auth.ops,
        );
        const report = await send(
          urls.catalog,
          'mutation { reconcileStockProjection(dryRun: true) { mismatched } }',
          {},
          auth.ops,
        );
        return { projected: data.data, report: report.data };
      },
    },
    {
      operation: 'upsertProduct',
      field: 'Mutation.upsertProduct',
      owner: 'catalog',
      document:
        'mutation ($input: UpsertProductInput!) { upsertProduct(input: $input) { created product { sku name price { amount } } } }',
      variables: ({ n }) => ({
        input: {
          sku: SKU.product,
          name: `Matrix product ${n}`,
          categoryId: 'accessories',
          price: { amount: n, currency: 'EUR' },
        },
      }),
      expect: 'U F F F F A F',
      verify: (answer, { n }) => (dataOf(answer).upsertProduct.product.price.amount === n ? null : 'price not changed'),
    },
    {
      operation: 'validateStock',
      field: 'Mutation.validateStock',
      owner: 'catalog',
      document:
        'mutation ($items: [StockCheckItemInput!]!) { validateStock(input: { items: $items }) { ok items { sku available } } }',
      variables: () => ({ items: [{ sku: SKU.order, quantity: 1 }] }),
      expect: 'A A A A A A A',
      verify: (answer) => (dataOf(answer).validateStock.ok === true ? null : `not ok: ${JSON.stringify(answer.data)}`),
    },
    {
      operation: 'upsertLocation',
      field: 'Mutation.upsertLocation',
      owner: 'inventory',
      document: 'mutation ($input: LocationInput!) { upsertLocation(input: $input) { id name } }',
      variables: ({ n }) => ({
        input: {
          id: 'berlin-dc',
          name: `Berlin distribution centre (${n})`,
          kind: 'WAREHOUSE',
          region: 'eu-central',
          priority: 2,
        },
      }),
      expect: 'U F F F F A F',
      verify: (answer, { n }) =>
        dataOf(answer).upsertLocation.name.endsWith(`(${n})`) ? null : 'location not renamed',
    },
    {
      operation: 'submitWarehouseCounts',
      field: 'Mutation.submitWarehouseCounts',
      owner: 'inventory',
      document: SUBMIT_COUNTS,
      // A refused call sends a count dated after every allowed one: had it been accepted, its
      // watermark would make each later allowed count stale, and that count's wait would fail.
      variables: ({ n, expected }) => ({
        counts: [
          expected === 'A'
            ? { sku: SKU.count, locationId: LOCATION_X, onHand: 3000 + n, sequence: 1000 + n }
            : { sku: SKU.count, locationId: LOCATION_X, onHand: 999_999, sequence: 2_000_000_000 + n },
        ],
      }),
      expect: 'U F F A F A F',
      verify: async (answer, { n }) => {
        if (dataOf(answer).submitWarehouseCounts !== 1)
          return `accepted ${dataOf(answer).submitWarehouseCounts} counts`;
        await untilOnHand(SKU.count, LOCATION_X, 3000 + n);
        return null;
      },
    },
    {
      operation: `reserveStock (at X)`,
      field: 'Mutation.reserveStock',
      owner: 'inventory',
      document: RESERVE,
      variables: ({ n }) => ({
        key: `matrix-reserve-${n}`,
        lines: [{ sku: SKU.hold, quantity: 1, locationId: LOCATION_X }],
      }),
      expect: 'U F F A F A A',
      verify: (answer) =>
        dataOf(answer).reserveStock.reservation?.status === 'ACTIVE' ? null : `no hold: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'confirmReservation (at X)',
      field: 'Mutation.confirmReservation',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String) { confirmReservation(id: $id, idempotencyKey: $key) { reservation { id status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.reservationId, key: `matrix-confirm-${n}` }),
      expect: 'U F F A F A A',
      fixture: holdAtX,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).confirmReservation.reservation?.status === 'CONFIRMED'
          ? null
          : `not confirmed: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'releaseReservation (at X)',
      field: 'Mutation.releaseReservation',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String) { releaseReservation(id: $id, idempotencyKey: $key, reason: "role matrix") { reservation { id status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.reservationId, key: `matrix-release-${n}` }),
      expect: 'U F F A F A A',
      fixture: holdAtX,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).releaseReservation.reservation?.status === 'RELEASED'
          ? null
          : `not released: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'extendReservation (at X)',
      field: 'Mutation.extendReservation',
      owner: 'inventory',
      document:
        'mutation ($id: ID!) { extendReservation(id: $id, ttlSeconds: 3600) { reservation { id status expiresAt } userErrors { code } } }',
      variables: ({ fixture }) => ({ id: fixture.reservationId }),
      expect: 'U F F A F A A',
      fixture: holdAtX,
      consumes: true,
      verify: (answer) => {
        const { reservation, userErrors } = dataOf(answer).extendReservation;
        return userErrors.length === 0 && Date.parse(reservation?.expiresAt) > Date.now() + 3_000_000
          ? null
          : `not extended: ${JSON.stringify(answer.data)}`;
      },
    },
    {
      operation: 'importStockAdjustments (at X)',
      field: 'Mutation.importStockAdjustments',
      owner: 'inventory',
      document:
        'mutation ($csv: String!, $key: String!) { importStockAdjustments(csv: $csv, idempotencyKey: $key, dryRun: false) { applied rows { outcome code } } }',
      variables: ({ n }) => ({
        csv: `sku,locationId,delta,reason\n${SKU.adjust},${LOCATION_X},1,correction\n`,
        key: `matrix-import-${n}`,
      }),
      expect: 'U F F A F A F',
      verify: (answer) =>
        dataOf(answer).importStockAdjustments?.applied === true ? null : `not applied: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'moveStockState (at X)',
      field: 'Mutation.moveStockState',
      owner: 'inventory',
      document:
        'mutation ($key: String!, $input: MoveStockStateInput!) { moveStockState(idempotencyKey: $key, input: $input) { stockLevel { damaged } userErrors { code } } }',
      variables: ({ n }) => ({
        key: `matrix-state-${n}`,
        input: {
          sku: SKU.adjust,
          locationId: LOCATION_X,
          quantity: 1,
          from: 'SELLABLE',
          to: 'DAMAGED',
          reason: 'INSPECTION',
        },
      }),
      expect: 'U F F A F A F',
      verify: (answer) =>
        (dataOf(answer).moveStockState?.stockLevel?.damaged ?? 0) >= 1
          ? null
          : `not moved: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'createTransfer (from X)',
      field: 'Mutation.createTransfer',
      owner: 'inventory',
      document:
        'mutation ($input: CreateTransferInput!, $key: String!) { createTransfer(input: $input, idempotencyKey: $key) { transfer { status } userErrors { code } } }',
      variables: ({ n }) => ({
        key: `matrix-transfer-${n}`,
        input: { sourceId: LOCATION_X, destinationId: LOCATION_Y, lines: [{ sku: SKU.hold, quantity: 1 }] },
      }),
      expect: 'U F F A F A F',
      verify: (answer) =>
        dataOf(answer).createTransfer?.transfer?.status === 'DRAFT' ? null : `no draft: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'shipTransfer (from X)',
      field: 'Mutation.shipTransfer',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String!) { shipTransfer(id: $id, idempotencyKey: $key) { transfer { status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.transferId, key: `matrix-ship-${n}` }),
      expect: 'U F F A F A F',
      fixture: transferXtoY,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).shipTransfer?.transfer?.status === 'SHIPPED'
          ? null
          : `not shipped: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'receiveTransfer (at Y)',
      field: 'Mutation.receiveTransfer',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String!, $sku: ID!) { receiveTransfer(id: $id, idempotencyKey: $key, received: [{ sku: $sku, quantity: 1 }]) { transfer { status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.transferId, key: `matrix-receive-${n}`, sku: SKU.hold }),
      expect: 'U F F F A A F',
      fixture: shippedXtoY,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).receiveTransfer?.transfer?.status === 'RECEIVED'
          ? null
          : `not received: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'cancelTransfer (from X)',
      field: 'Mutation.cancelTransfer',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String!) { cancelTransfer(id: $id, idempotencyKey: $key) { transfer { status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.transferId, key: `matrix-cancel-${n}` }),
      expect: 'U F F A F A F',
      fixture: transferXtoY,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).cancelTransfer?.transfer?.status === 'CANCELLED'
          ? null
          : `not cancelled: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'transfer (X to Y)',
      field: 'Query.transfer',
      owner: 'inventory',
      document: 'query ($id: ID!) { transfer(id: $id) { id sourceId destinationId } }',
      variables: ({ fixture }) => ({ id: fixture.transferId }),
      expect: 'U F F A A A A',
      fixture: transferXtoY,
      verify: (answer, { fixture }) =>
        dataOf(answer).transfer?.id === fixture.transferId ? null : `no transfer: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'transfers',
      field: 'Query.transfers',
      owner: 'inventory',
      document: 'query { transfers(first: 5) { id } }',
      variables: () => ({}),
      expect: 'U F F A A A A',
      verify: (answer) => (Array.isArray(dataOf(answer).transfers) ? null : `no list: ${JSON.stringify(answer.data)}`),
    },
    {
      operation: 'createPurchaseOrder (at X)',
      field: 'Mutation.createPurchaseOrder',
      owner: 'inventory',
      document:
        'mutation ($input: CreatePurchaseOrderInput!, $key: String!) { createPurchaseOrder(input: $input, idempotencyKey: $key) { purchaseOrder { status } userErrors { code } } }',
      variables: ({ n }) => ({
        key: `matrix-po-${n}`,
        input: {
          locationId: LOCATION_X,
          supplierReference: `matrix-po-${n}`,
          expectedAt: new Date().toISOString(),
          lines: [{ sku: SKU.hold, quantity: 1 }],
        },
      }),
      expect: 'U F F A F A F',
      verify: (answer) =>
        dataOf(answer).createPurchaseOrder?.purchaseOrder?.status === 'OPEN'
          ? null
          : `no purchase order: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'receivePurchaseOrder (at X)',
      field: 'Mutation.receivePurchaseOrder',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String!, $sku: ID!) { receivePurchaseOrder(id: $id, idempotencyKey: $key, lines: [{ sku: $sku, quantity: 2 }]) { purchaseOrder { status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.purchaseOrderId, key: `matrix-po-receive-${n}`, sku: SKU.hold }),
      expect: 'U F F A F A F',
      fixture: purchaseAtX,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).receivePurchaseOrder?.purchaseOrder?.status === 'RECEIVED'
          ? null
          : `not received: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'closePurchaseOrder (at X)',
      field: 'Mutation.closePurchaseOrder',
      owner: 'inventory',
      document:
        'mutation ($id: ID!, $key: String!) { closePurchaseOrder(id: $id, idempotencyKey: $key, reason: "role matrix") { purchaseOrder { status } userErrors { code } } }',
      variables: ({ n, fixture }) => ({ id: fixture.purchaseOrderId, key: `matrix-po-close-${n}` }),
      expect: 'U F F A F A F',
      fixture: purchaseAtX,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).closePurchaseOrder?.purchaseOrder?.status === 'CLOSED'
          ? null
          : `not closed: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'purchaseOrders',
      field: 'Query.purchaseOrders',
      owner: 'inventory',
      document: 'query { purchaseOrders(first: 5) { id } }',
      variables: () => ({}),
      expect: 'U F F A A A A',
      verify: (answer) =>
        Array.isArray(dataOf(answer).purchaseOrders) ? null : `no list: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'adjustStock (at X)',
      field: 'Mutation.adjustStock',
      owner: 'inventory',
      document:
        'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { stockLevel { onHand version } userErrors { code } } }',
      variables: ({ n }) => ({
        key: `matrix-adjust-${n}`,
        input: { sku: SKU.adjust, locationId: LOCATION_X, delta: 1, reason: 'CORRECTION' },
      }),
      expect: 'U F F A F A F',
      verify: (answer) =>
        dataOf(answer).adjustStock.stockLevel && dataOf(answer).adjustStock.userErrors.length === 0
          ? null
          : `not adjusted: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'adjustStocks (at X)',
      field: 'Mutation.adjustStocks',
      owner: 'inventory',
      document:
        'mutation ($key: String!, $inputs: [AdjustStockInput!]!) { adjustStocks(idempotencyKey: $key, inputs: $inputs) { stockLevels { onHand } userErrors { code } } }',
      variables: ({ n }) => ({
        key: `matrix-adjust-many-${n}`,
        inputs: [
          { sku: SKU.adjust, locationId: LOCATION_X, delta: 1, reason: 'RECEIVED' },
          { sku: SKU.adjustToo, locationId: LOCATION_X, quantity: 'SAFETY_STOCK', delta: 1, reason: 'OTHER' },
        ],
      }),
      expect: 'U F F A F A F',
      verify: (answer) =>
        dataOf(answer).adjustStocks.stockLevels.length === 2 ? null : `not adjusted: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'setStoreAllowances (at X)',
      field: 'Mutation.setStoreAllowances',
      owner: 'inventory',
      document:
        'mutation ($at: ID!, $allowances: [StoreAllowanceInput!]!) { setStoreAllowances(locationId: $at, allowances: $allowances) { allowances { sku locationId quantity } } }',
      // A different size each time, so an allowed call shows it took effect.
      variables: ({ n }) => ({ at: LOCATION_X, allowances: [{ sku: SKU.store, quantity: n }] }),
      expect: 'U F F A F A A',
      verify: (answer, { n }) =>
        dataOf(answer).setStoreAllowances.allowances[0]?.quantity === n
          ? null
          : `not sized to ${n}: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'recordStoreSale (at X)',
      field: 'Mutation.recordStoreSale',
      owner: 'inventory',
      document:
        'mutation ($at: ID!, $sale: ID!) { recordStoreSale(locationId: $at, saleId: $sale, lines: [{ sku: "SG-0019", quantity: 1 }]) { sale { id lines { quantity } } userErrors { code } } }',
      variables: ({ n }) => ({ at: LOCATION_X, sale: `matrix-sale-${n}` }),
      expect: 'U F F A F A A',
      verify: (answer, { n }) =>
        dataOf(answer).recordStoreSale.sale?.id === `matrix-sale-${n}`
          ? null
          : `not recorded: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'recordStoreReturn (at X)',
      field: 'Mutation.recordStoreReturn',
      owner: 'inventory',
      document:
        'mutation ($at: ID!, $ret: ID!) { recordStoreReturn(locationId: $at, returnId: $ret, saleId: "matrix-return-sale", lines: [{ sku: "SG-0019", quantity: 1 }]) { storeReturn { id } userErrors { code } } }',
      variables: ({ n }) => ({ at: LOCATION_X, ret: `matrix-return-${n}` }),
      expect: 'U F F A F A A',
      // One sale with room for every allowed return (three identities × two routes).
      fixture: async () => {
        await asOps(
          'mutation ($at: ID!) { recordStoreSale(locationId: $at, saleId: "matrix-return-sale", lines: [{ sku: "SG-0019", quantity: 10 }]) { userErrors { code } } }',
          { at: LOCATION_X },
        );
        return {};
      },
      verify: (answer, { n }) =>
        dataOf(answer).recordStoreReturn.storeReturn?.id === `matrix-return-${n}`
          ? null
          : `not recorded: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'upsertCategory',
      field: 'Mutation.upsertCategory',
      owner: 'catalog',
      document:
        'mutation ($name: String!) { upsertCategory(input: { id: "matrix-category", name: $name }) { category { id name } } }',
      variables: ({ n }) => ({ name: `Matrix ${n}` }),
      expect: 'U F F F F A F',
      verify: (answer, { n }) =>
        dataOf(answer).upsertCategory.category.name === `Matrix ${n}`
          ? null
          : `not renamed: ${JSON.stringify(answer.data)}`,
      extraState: async () => (await asOps('{ categories { id name } }')).categories,
    },
    {
      operation: 'clearWarehouseWatermark',
      field: 'Mutation.clearWarehouseWatermark',
      owner: 'inventory',
      document:
        'mutation ($sku: ID!, $at: ID!) { clearWarehouseWatermark(sku: $sku, locationId: $at) { sku sequence } }',
      variables: () => ({ sku: SKU.watermark, at: LOCATION_X }),
      expect: 'U F F F F A F',
      fixture: watermarkAtX,
      consumes: true,
      // No query reads a watermark: the allowed clear that follows the refusals shows it was still there.
      verify: (answer, { fixture }) =>
        dataOf(answer).clearWarehouseWatermark?.sequence === fixture.watermarkSequence
          ? null
          : `cleared ${JSON.stringify(answer.data)}, not the watermark of count ${fixture.watermarkSequence}`,
    },
    {
      operation: 'deadLetters',
      field: 'Query.deadLetters',
      owner: 'inventory',
      document: 'query { deadLetters(first: 5) { total letters { id reason status } } }',
      variables: () => ({}),
      expect: 'U F F F F A F',
      verify: (answer) =>
        Number.isInteger(dataOf(answer).deadLetters?.total) ? null : `no list: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'replayDeadLetters',
      field: 'Mutation.replayDeadLetters',
      owner: 'inventory',
      // A reason no letter has: the allowed call answers with nothing done, and sends nothing.
      document:
        'mutation { replayDeadLetters(reason: "MATRIX_NO_SUCH_REASON") { done { letterId } skipped { letterId } } }',
      variables: () => ({}),
      expect: 'U F F F F A F',
      verify: (answer) =>
        Array.isArray(dataOf(answer).replayDeadLetters?.done) ? null : `no outcome: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'discardDeadLetters',
      field: 'Mutation.discardDeadLetters',
      owner: 'inventory',
      document:
        'mutation { discardDeadLetters(reason: "MATRIX_NO_SUCH_REASON", why: "role matrix") { done { letterId } skipped { letterId } } }',
      variables: () => ({}),
      expect: 'U F F F F A F',
      verify: (answer) =>
        Array.isArray(dataOf(answer).discardDeadLetters?.done) ? null : `no outcome: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'placeOrder (own)',
      field: 'Mutation.placeOrder',
      owner: 'order',
      document: PLACE_ORDER,
      variables: ({ n }) => ({ key: `matrix-order-${n}`, input: { lines: [{ sku: SKU.order, quantity: 1 }] } }),
      expect: 'U A A F F INVALID_CUSTOMER F',
      verify: (answer, { identity }) => {
        const order = dataOf(answer).placeOrder.order;
        return order.status === 'RESERVED' && order.customerId === SUBJECT[identity]
          ? null
          : `placed ${JSON.stringify(order)}`;
      },
    },
    {
      operation: 'placeOrder (for A)',
      field: 'Mutation.placeOrder',
      owner: 'order',
      document: PLACE_ORDER,
      variables: ({ n }) => ({
        key: `matrix-order-for-${n}`,
        input: { customerId: SUBJECT.customerA, lines: [{ sku: SKU.order, quantity: 1 }] },
      }),
      expect: 'U A F F F A F',
      verify: (answer) =>
        dataOf(answer).placeOrder.order.customerId === SUBJECT.customerA
          ? null
          : `placed ${JSON.stringify(answer.data)}`,
    },
    {
      operation: "beginPayment (A's)",
      field: 'Mutation.beginPayment',
      owner: 'order',
      document: `mutation ($id: ID!) { beginPayment(id: $id, paymentReference: "role-matrix") { order { id status holdExpiresAt } userErrors { code } } }`,
      variables: ({ fixture }) => ({ id: fixture.orderId }),
      expect: 'U A F F F A F',
      fixture: orderOfCustomerA,
      consumes: true,
      verify: (answer) => {
        const { order, userErrors } = dataOf(answer).beginPayment;
        return userErrors.length === 0 &&
          order.status === 'RESERVED' &&
          Date.parse(order.holdExpiresAt) > Date.now() + 500_000
          ? null
          : `payment not begun: ${JSON.stringify(answer.data)}`;
      },
    },
    {
      operation: "confirmOrder (A's)",
      field: 'Mutation.confirmOrder',
      owner: 'order',
      document: `mutation ($id: ID!) { confirmOrder(id: $id, paymentReference: "role-matrix") ${ORDER_FIELDS} }`,
      variables: ({ fixture }) => ({ id: fixture.orderId }),
      expect: 'U A F F F A F',
      fixture: orderOfCustomerA,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).confirmOrder.order.status === 'CONFIRMED'
          ? null
          : `not confirmed: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: "cancelOrder (A's)",
      field: 'Mutation.cancelOrder',
      owner: 'order',
      document: `mutation ($id: ID!) { cancelOrder(id: $id, reason: "role matrix") ${ORDER_FIELDS} }`,
      variables: ({ fixture }) => ({ id: fixture.orderId }),
      expect: 'U A F F F A F',
      fixture: orderOfCustomerA,
      consumes: true,
      verify: (answer) =>
        dataOf(answer).cancelOrder.order.status === 'CANCELLED'
          ? null
          : `not cancelled: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: "order (A's)",
      field: 'Query.order',
      owner: 'order',
      document: 'query ($id: ID!) { order(id: $id) { id status customerId } }',
      variables: ({ fixture }) => ({ id: fixture.orderId }),
      expect: 'U A F F F A A',
      fixture: orderOfCustomerA,
      verify: (answer, { fixture }) =>
        dataOf(answer).order?.id === fixture.orderId ? null : `read ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'orders',
      field: 'Query.orders',
      owner: 'order',
      document: 'query { orders(first: 50) { edges { node { id customerId } } } }',
      variables: () => ({}),
      expect: 'U A A F F A A',
      verify: (answer, attempt) => ownOrders(answer, attempt),
    },
    {
      operation: "orders (A's)",
      field: 'Query.orders',
      owner: 'order',
      document:
        'query ($customer: ID) { orders(first: 50, customerId: $customer) { edges { node { id customerId } } } }',
      variables: () => ({ customer: SUBJECT.customerA }),
      expect: 'U A F F F A A',
      verify: (answer, attempt) => ownOrders(answer, attempt, SUBJECT.customerA),
    },
    {
      operation: 'stockSnapshot (public fields)',
      field: 'Query.stockSnapshot',
      owner: 'inventory',
      document: 'query ($skus: [ID!]!) { stockSnapshot(skus: $skus) { sku locationId available version } }',
      variables: () => ({ skus: [SKU.adjust] }),
      expect: 'A A A A A A A',
      verify: (answer) =>
        dataOf(answer).stockSnapshot?.length > 0 ? null : `no current state: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'stockSnapshot (quantities at X)',
      field: 'Query.stockSnapshot',
      owner: 'inventory',
      document:
        'query ($skus: [ID!]!, $at: [ID!]) { stockSnapshot(skus: $skus, locationIds: $at) { locationId onHand reserved } }',
      variables: () => ({ skus: [SKU.adjust], at: [LOCATION_X] }),
      expect: 'U F F A F A A',
    },
    {
      operation: 'stockLevelAt (at X)',
      field: 'Query.stockLevelAt',
      owner: 'inventory',
      document:
        'query ($sku: ID!, $at: ID!, $when: DateTime!) { stockLevelAt(sku: $sku, locationId: $at, at: $when) { sku onHand version } }',
      variables: () => ({ sku: SKU.adjust, at: LOCATION_X, when: new Date().toISOString() }),
      expect: 'U F F A F A A',
      verify: (answer) =>
        dataOf(answer).stockLevelAt?.sku === SKU.adjust ? null : `no level: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'stockLevels (at X)',
      field: 'Query.stockLevels',
      owner: 'inventory',
      document:
        'query ($skus: [ID!]!, $at: [ID!]) { stockLevels(skus: $skus, locationIds: $at) { sku onHand location { id } } }',
      variables: () => ({ skus: [SKU.adjust], at: [LOCATION_X] }),
      expect: 'U F F A F A A',
      verify: (answer) => allAt(dataOf(answer).stockLevels, LOCATION_X),
    },
    {
      operation: 'Product.stockLevels (at X)',
      field: 'Product.stockLevels',
      owner: 'inventory',
      document:
        'query ($sku: ID!) { product(sku: $sku) { stockLevels(locationIds: ["lisbon-store"]) { onHand location { id } } } }',
      subgraphDocument:
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { stockLevels(locationIds: ["lisbon-store"]) { onHand location { id } } } } }',
      variables: ({ route }) =>
        route === 'gateway' ? { sku: SKU.adjust } : { representations: [{ __typename: 'Product', sku: SKU.adjust }] },
      expect: 'U F F A F A A',
      verify: (answer, { route }) =>
        allAt(
          route === 'gateway' ? dataOf(answer).product?.stockLevels : dataOf(answer)._entities?.[0]?.stockLevels,
          LOCATION_X,
        ),
    },
    {
      // Public, like `inventory.available`: a row of its own proves every real identity reads it, and that it carries no quantities.
      operation: 'InventorySummary.byLocation',
      field: 'InventorySummary.byLocation',
      owner: 'inventory',
      document: 'query ($sku: ID!) { product(sku: $sku) { inventory { byLocation { location { id } available } } } }',
      subgraphDocument:
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { inventory { byLocation { location { id } available } } } } }',
      variables: ({ route }) =>
        route === 'gateway' ? { sku: SKU.adjust } : { representations: [{ __typename: 'Product', sku: SKU.adjust }] },
      expect: 'A A A A A A A',
      verify: (answer, { route }) => {
        const entries: Data[] | undefined = (
          route === 'gateway' ? dataOf(answer).product : dataOf(answer)._entities?.[0]
        )?.inventory.byLocation;
        const ok =
          entries?.length === 3 &&
          entries.every(
            (entry) => Object.keys(entry).join() === 'location,available' && Number.isInteger(entry.available),
          );
        return ok ? null : `expected what each of the three locations can sell, got ${JSON.stringify(entries)}`;
      },
    },
    {
      operation: 'stockMovements',
      field: 'Query.stockMovements',
      owner: 'inventory',
      document: 'query ($sku: ID!) { stockMovements(sku: $sku, first: 100) { edges { node { locationId actor } } } }',
      variables: () => ({ sku: SKU.adjust }),
      // Store staff read the ledger of their own locations only; the rest of it is not theirs to see.
      expect: 'U F F A A A A',
      verify: (answer, { identity }) => {
        const rows = dataOf(answer).stockMovements.edges.map((edge: Data) => ({
          location: { id: edge.node.locationId },
        }));
        if (identity === 'storeX') return allAt(rows, LOCATION_X);
        if (identity === 'storeY') return allAt(rows, LOCATION_Y);
        return new Set(rows.map((row: Data) => row.location.id)).size === 3
          ? null
          : 'did not list the movements at every location';
      },
    },
    {
      operation: 'createStoreApiKey',
      field: 'Mutation.createStoreApiKey',
      owner: 'inventory',
      document:
        'mutation ($at: ID!, $label: String) { createStoreApiKey(locationId: $at, label: $label) { id locationId secret } }',
      variables: ({ n }) => ({ at: LOCATION_X, label: `matrix ${n}` }),
      expect: 'U F F F F A F',
      verify: (answer) =>
        String(dataOf(answer).createStoreApiKey.secret).startsWith('sgk_')
          ? null
          : `no secret: ${JSON.stringify(answer.data)}`,
      extraState: storeKeys,
    },
    {
      operation: 'revokeStoreApiKey',
      field: 'Mutation.revokeStoreApiKey',
      owner: 'inventory',
      document: 'mutation ($id: ID!) { revokeStoreApiKey(id: $id) { id revokedAt } }',
      variables: ({ fixture }) => ({ id: fixture.storeKeyId }),
      expect: 'U F F F F A F',
      fixture: storeKeyAtX,
      consumes: true,
      verify: (answer, { fixture }) =>
        dataOf(answer).revokeStoreApiKey?.id === fixture.storeKeyId && dataOf(answer).revokeStoreApiKey.revokedAt
          ? null
          : `not revoked: ${JSON.stringify(answer.data)}`,
      extraState: storeKeys,
    },
    {
      operation: 'storeApiKeys',
      field: 'Query.storeApiKeys',
      owner: 'inventory',
      document: 'query { storeApiKeys { id locationId } }',
      variables: () => ({}),
      expect: 'U F F F F A F',
    },
    {
      operation: 'stockLedgerCheck',
      field: 'Query.stockLedgerCheck',
      owner: 'inventory',
      document: 'query { stockLedgerCheck { consistent mismatches { sku locationId } } }',
      variables: () => ({}),
      expect: 'U F F F F A F',
      verify: (answer) =>
        dataOf(answer).stockLedgerCheck.consistent === true
          ? null
          : `ledger inconsistent: ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'reservation (at X)',
      field: 'Query.reservation',
      owner: 'inventory',
      document: 'query ($id: ID!) { reservation(id: $id) { id status lines { sku location { id } } } }',
      variables: ({ fixture }) => ({ id: fixture.reservationId }),
      expect: 'U F F A F A A',
      fixture: holdAtX,
      verify: (answer, { fixture }) =>
        dataOf(answer).reservation?.id === fixture.reservationId ? null : `read ${JSON.stringify(answer.data)}`,
    },
    {
      operation: 'reservations (at X)',
      field: 'Query.reservations',
      owner: 'inventory',
      document:
        'query ($at: ID) { reservations(locationId: $at, first: 100) { edges { node { id status lines { location { id } } } } } }',
      variables: () => ({ at: LOCATION_X }),
      expect: 'U F F A F A A',
      fixture: holdAtX,
      verify: (answer, { fixture }) => listedHolds(answer, [fixture.reservationId], LOCATION_X),
    },
    {
      operation: 'reservations (own)',
      field: 'Query.reservations',
      owner: 'inventory',
      document: 'query { reservations(first: 100) { edges { node { id status lines { location { id } } } } } }',
      variables: () => ({}),
      // Store staff list the holds wholly at their own locations; nobody else's.
      expect: 'U F F A A A A',
      fixture: holdsAtXAndY,
      verify: (answer, { identity, fixture }) => {
        if (identity === 'storeX') return listedHolds(answer, [fixture.reservationId], LOCATION_X);
        if (identity === 'storeY') return listedHolds(answer, [fixture.reservationAtY], LOCATION_Y);
        return listedHolds(answer, [fixture.reservationId, fixture.reservationAtY]);
      },
    },
    {
      operation: 'storeAllowances (at X)',
      field: 'Query.storeAllowances',
      owner: 'inventory',
      document: 'query ($at: ID!) { storeAllowances(locationId: $at) { sku locationId quantity } }',
      variables: () => ({ at: LOCATION_X }),
      expect: 'U F F A F A A',
      fixture: async () => {
        await asOps(
          'mutation ($at: ID!) { setStoreAllowances(locationId: $at, allowances: [{ sku: "SG-0019", quantity: 3 }]) { allowances { quantity } } }',
          { at: LOCATION_X },
        );
        return {};
      },
      verify: (answer) =>
        allAt(
          dataOf(answer).storeAllowances.map((row: { locationId: string }) => ({ location: { id: row.locationId } })),
          LOCATION_X,
        ),
    },
    {
      operation: 'lowStockLevels (at X)',
      field: 'Query.lowStockLevels',
      owner: 'inventory',
      // Every matrix sku has far fewer than a million units at X: the highest threshold lists them all.
      document:
        'query ($at: [ID!]) { lowStockLevels(locationIds: $at, threshold: 1000000, first: 100) { edges { node { sku available location { id } } } } }',
      variables: () => ({ at: [LOCATION_X] }),
      expect: 'U F F A F A A',
      verify: (answer) =>
        allAt(
          dataOf(answer).lowStockLevels.edges.map((edge: Data) => edge.node),
          LOCATION_X,
        ),
    },
  ];

  /** The attempts of a case: per route, the refusals first and the allowed calls last, so every refusal is followed by a call that works. */
  const attemptsOf = (matrixCase: MatrixCase): Array<Omit<Attempt, 'n' | 'fixture'>> => {
    const expectation = expectationOf(matrixCase);
    return ROUTES.flatMap((route) =>
      IDENTITIES.map((identity) => {
        const refusedUnread = isBadToken(identity) || (route === 'subgraph' && identity === 'anonymous');
        return {
          identity,
          route,
          expected: refusedUnread ? 'U' : expectation[identity],
          status: refusedUnread ? 401 : 200,
        };
      }).sort((a, b) => Number(a.expected === 'A') - Number(b.expected === 'A')),
    );
  };

  const run = async (matrixCase: MatrixCase): Promise<string[]> => {
    const problems: string[] = [];
    let fixture: Fixture = matrixCase.fixture ? await matrixCase.fixture() : {};
    let spent = false;
    const snapshot = async () => ({
      common: await snapshotState(urls, auth.ops, {
        skus: MATRIX_SKUS,
        orderId: fixture.orderId,
        reservationId: fixture.reservationId,
      }),
      extra: matrixCase.extraState ? await matrixCase.extraState() : null,
    });
    let before = await snapshot();
    for (const step of attemptsOf(matrixCase)) {
      if (spent && matrixCase.fixture) {
        fixture = await matrixCase.fixture();
        before = await snapshot();
      }
      spent = false;
      const attempt: Attempt = { ...step, n: ++serial, fixture };
      const url = step.route === 'gateway' ? gateway : urls[matrixCase.owner];
      const document =
        step.route === 'subgraph' && matrixCase.subgraphDocument ? matrixCase.subgraphDocument : matrixCase.document;
      const answer = await send(url, document, matrixCase.variables(attempt), auth[step.identity]);
      const wrong: string[] = [];
      if (answer.outcome !== step.expected)
        wrong.push(`expected ${step.expected}, got ${answer.outcome} (${answer.errors[0]?.message ?? 'no error'})`);
      if (answer.status !== step.status) wrong.push(`expected HTTP ${step.status}, got ${answer.status}`);
      if (answer.outcome !== 'A') {
        if (carriesData(answer.data)) wrong.push(`refused, yet answered ${JSON.stringify(answer.data).slice(0, 200)}`);
        const after = await snapshot();
        const changed = firstDifference(before, after);
        if (changed) wrong.push(`refused, yet changed ${changed}`);
        before = after;
      } else {
        try {
          const problem = matrixCase.verify ? await matrixCase.verify(answer, attempt) : null;
          if (problem) wrong.push(`allowed, but ${problem}`);
        } catch (error) {
          wrong.push(`allowed, but ${(error as Error).message}`);
        }
        spent = matrixCase.consumes === true;
        if (!spent) before = await snapshot();
      }
      results.push({
        operation: matrixCase.operation,
        identity: step.identity,
        route: step.route,
        expected: step.expected,
        actual: answer.outcome,
        status: answer.status,
        ok: wrong.length === 0,
      });
      problems.push(
        ...wrong.map((problem) => `${matrixCase.operation} as ${step.identity} via ${step.route}: ${problem}`),
      );
    }
    return problems;
  };

  beforeAll(async () => {
    // The periodic reconciliation would repair the projection behind the matrix's back.
    stack = await startEmbeddedStack({ RECONCILE_INTERVAL_MS: '0' });
    gateway = `${stack.origin}/graphql`;
    urls = {
      catalog: stack.url('catalog'),
      inventory: stack.url('inventory'),
      order: stack.url('order'),
      accounts: stack.url('accounts'),
    };
    auth = await mintIdentities(stack);
    // Plenty of every matrix sku everywhere (the orders' holds are allocated from madrid-dc), and a ledger at every location.
    const inputs = MATRIX_SKUS.flatMap((sku) =>
      ['madrid-dc', 'berlin-dc', 'lisbon-store'].map((locationId) => ({
        sku,
        locationId,
        set: 100_000,
        reason: 'RECEIVED',
      })),
    );
    await asOps(
      'mutation ($key: String!, $inputs: [AdjustStockInput!]!) { adjustStocks(idempotencyKey: $key, inputs: $inputs) { userErrors { code } } }',
      { key: randomUUID(), inputs },
    );
    // Both customers have an order of their own before anyone lists orders.
    for (const customer of [auth.customerA, auth.customerB]) {
      const answer = await send(
        gateway,
        PLACE_ORDER,
        { key: randomUUID(), input: { lines: [{ sku: SKU.order, quantity: 1 }] } },
        customer,
      );
      if (dataOf(answer).placeOrder?.order?.status !== 'RESERVED')
        throw new Error(`an order was not placed: ${JSON.stringify(answer)}`);
    }
    // The catalog's projection has caught up with all of it (the reconcile row compares it).
    await waitFor(
      async () =>
        dataOf(
          await send(urls.catalog, 'mutation { reconcileStockProjection(dryRun: true) { mismatched } }', {}, auth.ops),
        ).reconcileStockProjection?.mismatched === 0,
      { timeoutMs: 30_000, what: 'the stock projection to catch up' },
    );
  }, TIMEOUT.startStack);

  afterAll(async () => {
    if (results.length > 0) process.stdout.write(formatMatrix(results));
    await stack?.stop();
  }, TIMEOUT.stopStack);

  it(
    'covers every mutation and every query that is not public in the supergraph',
    () => {
      const supergraph = parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
      const fieldsOf = (type: string) =>
        supergraph.definitions.flatMap((definition) =>
          definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === type
            ? (definition.fields ?? []).map((field) => field.name.value)
            : [],
        );
      const covered = new Set(CASES.map((matrixCase) => matrixCase.field));
      expect(fieldsOf('Mutation').filter((field) => !covered.has(`Mutation.${field}`))).toEqual([]);
      expect(
        fieldsOf('Query').filter(
          (field) =>
            !PUBLIC_QUERIES.includes(field) && !INTERNAL_QUERIES.includes(field) && !covered.has(`Query.${field}`),
        ),
      ).toEqual([]);
      expect(fieldsOf('Mutation').length).toBeGreaterThanOrEqual(14);
    },
    TIMEOUT.test,
  );

  it.each(CASES.map((matrixCase) => [matrixCase.operation, matrixCase] as const))(
    '%s: each identity as expected, through the gateway and straight to the subgraph',
    async (_operation, matrixCase) => {
      expect(await run(matrixCase)).toEqual([]);
    },
    TIMEOUT.longTest,
  );

  it(
    'streams the ledger export to ops only, through the gateway and straight at inventory',
    async () => {
      const outcomes: Record<string, string> = {};
      for (const identity of IDENTITIES)
        for (const [route, url] of [
          ['gateway', `${stack.origin}/ops/ledger-export?format=csv`],
          ['inventory', new URL('/ledger/export?format=csv', urls.inventory).toString()],
        ] as const) {
          const answer = await fetch(url, auth[identity] ? { headers: { authorization: auth[identity] } } : {});
          const body = await answer.text();
          outcomes[`${identity} via ${route}`] =
            answer.status === 200 && body.startsWith('id,at,sku,locationId,kind,') ? 'A' : String(answer.status);
        }
      const expected: Record<string, string> = {};
      for (const identity of IDENTITIES)
        for (const route of ['gateway', 'inventory']) {
          // The gateway refuses a service token at the edge (403) like inventory does; forgeries are 401 everywhere.
          const real = !isBadToken(identity) && identity !== 'anonymous';
          expected[`${identity} via ${route}`] = identity === 'ops' ? 'A' : real ? '403' : '401';
        }
      expect(outcomes).toEqual(expected);
    },
    TIMEOUT.longTest,
  );

  it(
    'answers verifyStoreApiKey only to services and ops, straight at inventory, and not at all through the gateway',
    async () => {
      const created = await asOps(
        'mutation ($at: ID!) { createStoreApiKey(locationId: $at, label: "verify") { id secret } }',
        { at: LOCATION_X },
      );
      const query = 'query ($secret: String!) { verifyStoreApiKey(secret: $secret) { keyId locationId } }';
      const outcomes: Record<string, string> = {};
      for (const identity of IDENTITIES) {
        const direct = await send(urls.inventory, query, { secret: created.createStoreApiKey.secret }, auth[identity]);
        outcomes[identity] =
          direct.outcome === 'A' ? `A:${JSON.stringify(dataOf(direct).verifyStoreApiKey)}` : direct.outcome;
      }
      const grant = `A:${JSON.stringify({ keyId: created.createStoreApiKey.id, locationId: LOCATION_X })}`;
      expect(outcomes).toEqual({
        ...Object.fromEntries(
          IDENTITIES.map((identity) => [identity, isBadToken(identity) || identity === 'anonymous' ? 'U' : 'F']),
        ),
        ops: grant,
        service: grant,
      });
      expect((await send(gateway, query, { secret: created.createStoreApiKey.secret }, auth.ops)).codes).toEqual([
        'GRAPHQL_VALIDATION_FAILED',
      ]);
    },
    TIMEOUT.test,
  );

  it(
    'ran every cell of the matrix',
    () => {
      expect(results).toHaveLength(CASES.length * IDENTITIES.length * ROUTES.length);
      expect(results.filter((result) => !result.ok)).toEqual([]);
    },
    TIMEOUT.test,
  );
});
