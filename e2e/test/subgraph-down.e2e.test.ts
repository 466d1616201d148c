import {
  type EmbeddedStack,
  type GatewayProcess,
  startGatewayProcess,
  startTcpProxy,
  type TcpProxy,
  TIMEOUT,
} from '../src';
import { send } from '../src/role-matrix/answer';
import { sharedEmbeddedStack } from './support/shared-stacks';

/**
 * A subgraph that cannot be reached is named, with a code a client can act on: a gateway
 * whose link to inventory is cut answers the catalog's part of a query and, for the
 * inventory's part, `SUBGRAPH_UNAVAILABLE` naming inventory (issue 20: it was a masked
 * INTERNAL_SERVER_ERROR).
 */
describe('a subgraph that is down', () => {
  let stack: EmbeddedStack;
  let link: TcpProxy;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    link = await startTcpProxy(Number(new URL(stack.url('inventory')).port));
    gateway = await startGatewayProcess(
      'gateway-cut',
      {
        catalog: stack.url('catalog'),
        inventory: `http://127.0.0.1:${link.port}/graphql`,
        order: stack.url('order'),
        accounts: stack.url('accounts'),
      },
      { AUTH_MODE: 'dev', AUTH_DEV_KEY_FILE: stack.authKeyFile, RATE_LIMIT_POINTS: '0' },
    );
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await gateway?.stop();
    await link?.close();
  }, TIMEOUT.stopStack);

  it(
    'answers what the others own and names the one that cannot be reached',
    async () => {
      const LISTING = '{ products(first: 2) { edges { node { sku name inventory { available } } } } }';
      const before = await send(gateway.url, LISTING, {}, '');
      expect(before.codes).toEqual([]);
      link.cut();
      const during = await send(gateway.url, LISTING, {}, '');
      expect(during.status).toBe(200);
      expect([...new Set(during.codes)]).toEqual(['SUBGRAPH_UNAVAILABLE']);
      expect(during.errors[0]?.message).toMatch(/^the inventory service cannot be reached/);
      // What the catalog alone owns is still served.
      const names = await send(gateway.url, '{ products(first: 2) { edges { node { sku name } } } }', {}, '');
      expect({ codes: names.codes, served: names.data !== null }).toEqual({ codes: [], served: true });
      link.restore();
      expect((await send(gateway.url, LISTING, {}, '')).codes).toEqual([]);
    },
    TIMEOUT.test,
  );
});
