import { randomUUID } from 'node:crypto';
import { type EmbeddedStack, TIMEOUT } from '../src';
import { type Answer, send } from '../src/role-matrix/answer';
import { type Authorizations, mintIdentities } from '../src/role-matrix/identities';
import { sharedEmbeddedStack } from './support/shared-stacks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the shape it selected
type Data = Record<string, any>;
const dataOf = (answer: Answer) => (answer.data ?? {}) as Data;

const SESSION = '{ accessToken refreshToken expiresIn account { id email } }';
const REGISTER = `mutation ($i: RegisterInput!) { register(input: $i) ${SESSION} }`;
const SIGN_IN = `mutation ($i: SignInInput!) { signIn(input: $i) ${SESSION} }`;
const REFRESH = `mutation ($r: String!) { refreshSession(refreshToken: $r) ${SESSION} }`;
const SIGN_OUT = 'mutation ($r: String!) { signOut(refreshToken: $r) }';
const PASSWORD = 'a passphrase of mine';

/**
 * Seed 004's accounts, end to end as a storefront uses them: through the gateway, with
 * the tokens they issue accepted by every other service, and straight at the accounts
 * subgraph for callers who bypass the gateway.
 */
describe('customer accounts through the gateway', () => {
  let stack: EmbeddedStack;
  let auth: Authorizations;
  let gateway: string;

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    gateway = `${stack.origin}/graphql`;
    auth = await mintIdentities(stack);
  }, TIMEOUT.startStack);

  it(
    'registers, orders with the access token, refreshes, signs out; the spent and the signed-out refresh tokens are dead',
    async () => {
      const email = `shopper-${randomUUID()}@example.com`;
      const registered = dataOf(await send(gateway, REGISTER, { i: { email, password: PASSWORD } }, '')).register;
      expect(registered.account.email).toBe(email);

      // Its token is the ES256 JWT every service verifies: the order belongs to the account.
      const signedIn = dataOf(await send(gateway, SIGN_IN, { i: { email, password: PASSWORD } }, '')).signIn;
      const placed = await send(
        gateway,
        'mutation ($key: String!) { placeOrder(idempotencyKey: $key, input: { lines: [{ sku: "SG-0003", quantity: 1 }] }) { order { customerId status } } }',
        { key: randomUUID() },
        `Bearer ${signedIn.accessToken}`,
      );
      expect(dataOf(placed).placeOrder.order).toEqual({ customerId: signedIn.account.id, status: 'RESERVED' });

      const refreshed = dataOf(await send(gateway, REFRESH, { r: signedIn.refreshToken }, '')).refreshSession;
      const me = await send(gateway, 'query { me { id email } }', {}, `Bearer ${refreshed.accessToken}`);
      expect(dataOf(me).me).toEqual({ id: signedIn.account.id, email });
      expect(dataOf(await send(gateway, SIGN_OUT, { r: refreshed.refreshToken }, '')).signOut).toBe(true);
      expect((await send(gateway, REFRESH, { r: refreshed.refreshToken }, '')).codes).toEqual([
        'INVALID_REFRESH_TOKEN',
      ]);
      // The token spent by the refresh, shown again: a reuse, which ends the registration's family too only if it is its own.
      expect((await send(gateway, REFRESH, { r: signedIn.refreshToken }, '')).codes).toEqual(['INVALID_REFRESH_TOKEN']);
      expect((await send(gateway, REFRESH, { r: registered.refreshToken }, '')).codes).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    'revokes a family whose spent refresh token comes back, through the gateway and straight at the subgraph alike',
    async () => {
      for (const [url, authorization] of [
        [gateway, ''],
        [stack.url('accounts'), auth.service],
      ] as const) {
        const email = `reuse-${randomUUID()}@example.com`;
        const first = dataOf(await send(url, REGISTER, { i: { email, password: PASSWORD } }, authorization)).register;
        const second = dataOf(await send(url, REFRESH, { r: first.refreshToken }, authorization)).refreshSession;
        expect((await send(url, REFRESH, { r: first.refreshToken }, authorization)).codes).toEqual([
          'REFRESH_TOKEN_REUSED',
        ]);
        expect((await send(url, REFRESH, { r: second.refreshToken }, authorization)).codes).toEqual([
          'INVALID_REFRESH_TOKEN',
        ]);
      }
    },
    TIMEOUT.test,
  );

  it(
    'answers a wrong password and an unknown email alike, and nobody without a token straight at the subgraph',
    async () => {
      const wrong = await send(
        gateway,
        SIGN_IN,
        { i: { email: 'alice@example.com', password: 'not the password' } },
        '',
      );
      const unknown = await send(
        gateway,
        SIGN_IN,
        { i: { email: `nobody-${randomUUID()}@example.com`, password: 'not the password' } },
        '',
      );
      expect(wrong.errors.map((e) => [e.message, e.extensions?.code])).toEqual(
        unknown.errors.map((e) => [e.message, e.extensions?.code]),
      );
      expect(wrong.codes).toEqual(['INVALID_CREDENTIALS']);
      expect(
        (await send(stack.url('accounts'), SIGN_IN, { i: { email: 'alice@example.com', password: PASSWORD } }, ''))
          .status,
      ).toBe(401);
    },
    TIMEOUT.test,
  );
});
