import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  describeWithHaproxy,
  describeWithKafka,
  describeWithMysql,
  graphqlRequest,
  HAPROXY_PATH,
  waitFor,
} from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  freePorts,
  type GatewayProcess,
  originOf,
  readMetric,
  REPO_ROOT,
  signedIn,
  startGatewayProcess,
  stockScreen,
  TIMEOUT,
} from '../src';
import { sharedDistributedStack } from './support/shared-stacks';
import { stockAdmin } from './support/stock-admin';

/** No other suite touches it. */
const SKU = 'SG-0057';
const WATCH =
  'subscription ($skus: [ID!]) { stockChanged(skus: $skus, current: true) { sku locationId available version } }';

/**
 * The balancer compose puts in front of the gateways (docker/haproxy/haproxy.cfg, Debian's
 * HAProxy), with the servers this test has: the shared stack's gateway and a second one.
 * Sockets are spread over both; a subscription over WebSocket and one over SSE pass through
 * it; when a gateway is killed, requests still get answers and the screens carry on.
 */
describeWithHaproxy('the balancer in front of two gateways', () => {
  describeWithMysql('distributed stack', () => {
    describeWithKafka('with Kafka', () => {
      let stack: DistributedStack;
      let second: GatewayProcess | undefined;
      let haproxy: ChildProcess | undefined;
      let dir = '';
      let url = '';
      let ops: Record<string, string>;
      const screens: Array<ReturnType<typeof stockScreen>> = [];

      beforeAll(async () => {
        stack = await sharedDistributedStack();
        ops = await signedIn(originOf(stack.gatewayUrl), DEMO.ops);
        second = await startGatewayProcess('gateway-2', stack.urls, {
          AUTH_MODE: 'dev',
          AUTH_DEV_KEY_FILE: stack.authKeyFile,
          RATE_LIMIT_POINTS: '0',
          WS_CONNECTIONS_PER_IDENTITY: '0',
          SUBSCRIPTION_UPDATES_PER_SECOND: '0',
          TRUSTED_PROXIES: '127.0.0.1',
        });
        const [port] = (await freePorts(1)) as [number];
        const first = new URL(stack.gatewayUrl).port;
        const other = new URL(second.url).port;
        // The compose configuration as it is, but for where it listens and the servers it has.
        const config = fs
          .readFileSync(path.join(REPO_ROOT, 'docker', 'haproxy', 'haproxy.cfg'), 'utf8')
          .replace(/^\s*bind :4000$/m, `  bind 127.0.0.1:${port}`)
          .replace(
            /^\s*server-template .*$/m,
            [
              `  server gateway-1 127.0.0.1:${first} check inter 500ms fall 2 rise 1`,
              `  server gateway-2 127.0.0.1:${other} check inter 500ms fall 2 rise 1`,
            ].join('\n'),
          );
        expect(config).toContain(`127.0.0.1:${other} check`);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-haproxy-'));
        fs.writeFileSync(path.join(dir, 'haproxy.cfg'), config);
        haproxy = spawn(HAPROXY_PATH, ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
        url = `http://127.0.0.1:${port}/graphql`;
        await waitFor(
          async () => (await graphqlRequest(url, '{ __typename }', {}, ops).catch(() => null))?.data !== undefined,
          { what: 'HAProxy to pass requests', timeoutMs: 30_000 },
        );
      }, TIMEOUT.startStack);

      afterAll(async () => {
        for (const screen of screens) await screen.dispose();
        if (haproxy && haproxy.exitCode === null) {
          const exited = new Promise((resolve) => haproxy?.once('exit', resolve));
          haproxy.kill('SIGTERM');
          await exited;
        }
        await second?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }, TIMEOUT.stopStack);

      test('spreads sockets over both gateways, passes WebSocket and SSE, and outlives a killed gateway', async () => {
        const admin = stockAdmin(stack.gatewayUrl, ops);
        await admin.setAvailable(SKU, 30);
        const sockets = (gatewayUrl: string) =>
          readMetric(gatewayUrl.replace('/graphql', '/metrics'), 'gateway_websocket_connections');
        const before = [await sockets(stack.gatewayUrl), await sockets((second as GatewayProcess).url)];

        // Two screens over WebSocket through the balancer: one on each gateway (round robin).
        for (let i = 0; i < 2; i += 1) screens.push(stockScreen(url, [SKU], ops));
        await waitFor(
          async () =>
            (await sockets(stack.gatewayUrl)) === (before[0] ?? 0) + 1 &&
            (await sockets((second as GatewayProcess).url)) === (before[1] ?? 0) + 1,
          { what: 'one socket on each gateway', timeoutMs: 30_000 },
        );

        // One over server-sent events through the balancer.
        const sse = await fetch(url, {
          method: 'POST',
          headers: { ...ops, accept: 'text/event-stream', 'content-type': 'application/json' },
          body: JSON.stringify({ query: WATCH, variables: { skus: [SKU] } }),
        });
        expect(sse.headers.get('content-type')).toContain('text/event-stream');
        const reader = (sse.body as ReadableStream<Uint8Array>).getReader();
        let streamed = '';
        // Read until it ends: it ends with its gateway, should the balancer have put it on the one killed below.
        const streamed$ = (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            streamed += new TextDecoder().decode(value);
          }
        })().catch(() => undefined);

        const truth = async () => {
          const [level] = await admin.levels(SKU);
          return level as { location: { id: string }; available: number };
        };
        const shown = (locationId: string) =>
          screens.map((screen) => screen.levels.get(`${SKU}@${locationId}`)?.available);
        await admin.setAvailable(SKU, 25);
        const now = await truth();
        await waitFor(() => shown(now.location.id).every((available) => available === now.available), {
          what: 'both WebSocket screens to see the change',
          timeoutMs: 30_000,
        });
        await waitFor(() => streamed.includes(`"available":${now.available}`), {
          what: 'the SSE screen to see the change',
          timeoutMs: 30_000,
        });

        // The second gateway dies: every request still gets an answer, and the screen it served carries on.
        await (second as GatewayProcess).process.kill();
        for (let i = 0; i < 10; i += 1) {
          const answer = await graphqlRequest<{ __typename: string }>(url, '{ __typename }', {}, ops);
          expect(answer.data?.__typename).toBe('Query');
        }
        await admin.setAvailable(SKU, 21);
        const after = await truth();
        await waitFor(() => shown(after.location.id).every((available) => available === after.available), {
          what: 'both WebSocket screens, one of them reconnected, to see the next change',
          timeoutMs: 60_000,
        });
        await reader.cancel().catch(() => undefined);
        await streamed$;
      }, 180_000);
    });
  });
});
