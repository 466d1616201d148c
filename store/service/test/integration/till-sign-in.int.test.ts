import { bearer, freshDatabase, graphqlRequest, testAuthEnv, testDialects } from '@stockgraph/testing';
import pino from 'pino';
import { loadStoreConfig, type RunningStore, startStore } from '../../src';

const SKU = 'SG-0100';
const SIGN_IN = 'mutation ($c: String!, $p: String!) { tillSignIn(cashier: $c, pin: $p) { token cashier expiresAt } }';
const SELL =
  'mutation ($id: ID!) { sell(saleId: $id, lines: [{ sku: "SG-0100", quantity: 1 }]) { sale { id offline } userErrors { code } } }';
const SET_CASHIER = 'mutation ($n: String!, $p: String!) { setCashier(name: $n, pin: $p) }';

/**
 * Cashiers sign the till in at the store itself, with the centre unreachable (as offline):
 * a PIN checked against the store's own hash, a session of the store's own, managers
 * (central store staff of this shop, or ops) alone manage cashiers, and wrong PINs lock.
 */
describe.each(testDialects())('cashiers signing in at the till on %s', (dialect) => {
  let store: RunningStore;
  const noToken = { authorization: '' };

  beforeAll(async () => {
    store = await startStore({
      config: loadStoreConfig({
        ...testAuthEnv,
        DATABASE_URL: await freshDatabase(dialect, 'store_cashiers'),
        PORT: '0',
        SEED_DEMO_DATA: 'false',
        STORE_LOCATION_ID: 'lisbon-store',
        STORE_API_KEY: 'sgk_lisbon-store.not-a-real-secret-at-all',
        // A centre that never answers: everything here works offline.
        GATEWAY_URL: 'http://127.0.0.1:9/graphql',
        CENTRAL_TIMEOUT_MS: '200',
        TILL_SCRYPT_LOG_N: '14',
        TILL_LOCK_AFTER_FAILURES: '5',
      }),
      log: pino({ level: 'silent' }),
    });
    await store.db.transaction((tx) =>
      tx.execute('INSERT INTO allowances (sku, quantity, updated_at) VALUES (?, ?, ?)', [SKU, 100, Date.now()]),
    );
  });

  afterAll(() => store?.stop());

  const call = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const result = await graphqlRequest(store.url, query, variables, headers);
    return { data: result.data, codes: (result.errors ?? []).map((e) => String(e.extensions?.code)) };
  };
  const manager = () => bearer({ subject: 'manager', roles: ['store'], locations: ['lisbon-store'] });
  const signIn = async (cashier: string, pin: string) => call(SIGN_IN, { c: cashier, p: pin }, noToken);

  it('signs a cashier in with the PIN a manager set, sells with that session, and ends it at sign-out', async () => {
    expect((await call(SET_CASHIER, { n: 'ana', p: '4821' }, await manager())).data).toEqual({ setCashier: true });
    const session = await signIn('ana', '4821');
    expect(session.codes).toEqual([]);
    const till = { authorization: `Bearer ${session.data?.tillSignIn.token}` };
    expect(session.data?.tillSignIn.cashier).toBe('ana');

    const sold = await call(SELL, { id: 'ana-1' }, till);
    expect(sold.data?.sell).toEqual({ sale: { id: 'ana-1', offline: true }, userErrors: [] });
    expect((await call('mutation { tillSignOut }', {}, till)).data).toEqual({ tillSignOut: true });
    expect((await call(SELL, { id: 'ana-2' }, till)).codes).toEqual(['UNAUTHENTICATED']);
    expect((await store.till.status()).backlog).toBe(1);
  });

  it('lets only managers and ops manage cashiers: not a till session, not another shop, not anonymous', async () => {
    await call(SET_CASHIER, { n: 'bruno', p: '1357' }, await manager());
    const till = { authorization: `Bearer ${(await signIn('bruno', '1357')).data?.tillSignIn.token}` };
    expect((await call(SET_CASHIER, { n: 'mallory', p: '0000' }, till)).codes).toEqual(['FORBIDDEN']);
    const elsewhere = await bearer({ subject: 'porto-staff', roles: ['store'], locations: ['porto-store'] });
    expect((await call(SET_CASHIER, { n: 'mallory', p: '0000' }, elsewhere)).codes).toEqual(['FORBIDDEN']);
    expect((await call(SET_CASHIER, { n: 'mallory', p: '0000' }, noToken)).codes).toEqual(['UNAUTHENTICATED']);
    expect((await call(SELL, { id: 'anon-1' }, noToken)).codes).toEqual(['UNAUTHENTICATED']);
    expect(
      (await call('{ cashiers }', {}, await bearer({ subject: 'ops', roles: ['ops'], locations: [] }))).data,
    ).toEqual({ cashiers: ['ana', 'bruno'] });
    expect((await signIn('mallory', '0000')).codes).toEqual(['INVALID_CREDENTIALS']);
    // Removing a cashier ends their sessions at once.
    await call('mutation { removeCashier(name: "bruno") }', {}, await manager());
    expect((await call(SELL, { id: 'bruno-1' }, till)).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('locks a cashier after five wrong PINs, racing ones counted one by one, the right PIN included', async () => {
    await call(SET_CASHIER, { n: 'carla', p: '2468' }, await manager());
    const guesses = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn('carla', `999${i}`)));
    expect(guesses.flatMap((guess) => guess.codes)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
    expect((await signIn('carla', '2468')).codes).toEqual(['CASHIER_LOCKED']);
    // A manager's new PIN is the way back in.
    await call(SET_CASHIER, { n: 'carla', p: '8642' }, await manager());
    expect((await signIn('carla', '8642')).codes).toEqual([]);
  });

  it('refuses bad input with a code', async () => {
    expect((await signIn('ana', '12')).codes).toEqual(['INVALID_PIN']);
    expect((await signIn('ana\u001b', '4821')).codes).toEqual(['INVALID_CASHIER']);
    expect((await call(SET_CASHIER, { n: ' ana', p: '4821' }, await manager())).codes).toEqual(['INVALID_CASHIER']);
    expect((await call(SELL, { id: 'x' }, { authorization: 'Bearer tls_not-a-session' })).codes).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
