import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedStack } from '../src';
import { LOCATION_X, mintIdentities } from '../src/role-matrix/identities';
import { formatMs, type LatencySummary, summarize } from './support/stats';

/** One oversized request of issue 20, as an attacker would send it. */
interface AbusiveRequest {
  name: string;
  body: string;
  authorization: string;
}

export interface AbuseCaseResult {
  name: string;
  status: number;
  code: string;
  /** Sending it to the refusal, one at a time. */
  refusal: LatencySummary;
  /** A plain query's latency while four of these arrive a second from one address. */
  probeUnderAbuse: LatencySummary;
}

export interface AbuseBenchResult {
  quietProbe: LatencySummary;
  cases: AbuseCaseResult[];
}

const PROBE = JSON.stringify({ query: '{ products(first: 5) { edges { node { sku name } } } }' });

async function post(url: string, body: string, authorization: string): Promise<{ status: number; code: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let code: string;
  try {
    code =
      (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code ??
      'NONE';
  } catch {
    code = 'NOT_JSON';
  }
  return { status: response.status, code };
}

async function timed(send: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await send();
  return performance.now() - start;
}

/** A plain query, one after another, for `ms`: what a shopper on the same gateway feels. */
async function probe(url: string, authorization: string, ms: number): Promise<LatencySummary> {
  const samples: number[] = [];
  const until = performance.now() + ms;
  for (let i = 0; i < 100_000 && performance.now() < until; i += 1)
    samples.push(await timed(() => post(url, PROBE, authorization)));
  return summarize(samples);
}

/**
 * Issue 20's abuse case on the embedded stack (the one the attack was run against): each
 * oversized request's time to refusal, and a plain query's p50 while four such requests a
 * second arrive from one address, against the same query's p50 on a quiet gateway. The
 * probe runs as another customer, so it spends no rate-limit budget of the abuser's.
 */
export async function runAbuseBench(options: { seconds: number }): Promise<AbuseBenchResult> {
  const stack = await startEmbeddedStack();
  try {
    const url = `${stack.origin}/graphql`;
    const auth = await mintIdentities(stack);
    const items = Array.from({ length: 30_000 }, () => ({ sku: 'SG-0001', quantity: 1 }));
    const requests: AbusiveRequest[] = [
      {
        name: 'validateStock, 30,000 items (customer)',
        authorization: auth.customerA,
        body: JSON.stringify({
          query: 'mutation ($i: [StockCheckItemInput!]!) { validateStock(input: { items: $i }) { ok } }',
          variables: { i: items },
        }),
      },
      {
        name: 'validateStock, 30,000 items (anonymous)',
        authorization: '',
        body: JSON.stringify({
          query: 'mutation ($i: [StockCheckItemInput!]!) { validateStock(input: { items: $i }) { ok } }',
          variables: { i: items },
        }),
      },
      {
        name: 'placeOrder, 30,000 lines (customer)',
        authorization: auth.customerA,
        body: JSON.stringify({
          query:
            'mutation ($l: [OrderLineInput!]!) { placeOrder(idempotencyKey: "abuse", input: { lines: $l }) { order { id } } }',
          variables: { l: items },
        }),
      },
      {
        name: 'setStoreAllowances, 20,000 entries (store)',
        authorization: auth.storeX,
        body: JSON.stringify({
          query:
            'mutation ($a: [StoreAllowanceInput!]!, $at: ID!) { setStoreAllowances(allowances: $a, locationId: $at) { allowances { sku } } }',
          variables: { a: items.slice(0, 20_000), at: LOCATION_X },
        }),
      },
      {
        name: '50,000 variables (customer)',
        authorization: auth.customerA,
        body: JSON.stringify({
          query: '{ products(first: 1) { edges { cursor } } }',
          variables: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, i])),
        }),
      },
      {
        name: 'extensions nested 300,000 levels (customer)',
        authorization: auth.customerA,
        body: `{"query":"{ __typename }","extensions":${'['.repeat(300_000)}${']'.repeat(300_000)}}`,
      },
      {
        name: 'introspection ofType chain, 1,600 levels (anonymous)',
        authorization: '',
        body: JSON.stringify({
          query: `{ __type(name: "Product") { ${'ofType { '.repeat(1600)}name${' }'.repeat(1600)} } }`,
        }),
      },
    ];
    const probeMs = options.seconds * 1000;
    // Warm the path first, so the quiet figure is not the first requests' compile time.
    await probe(url, auth.customerB, 2000);
    const quietProbe = await probe(url, auth.customerB, probeMs);
    const cases: AbuseCaseResult[] = [];
    for (const request of requests) {
      const samples: number[] = [];
      let outcome = { status: 0, code: 'NONE' };
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        outcome = await post(url, request.body, request.authorization);
        samples.push(performance.now() - start);
      }
      // Four a second, each sent whether or not the last was answered (an attacker does not wait).
      let stop = false;
      const abuser = (async () => {
        const inFlight: Array<Promise<unknown>> = [];
        for (let i = 0; i < 10_000 && !stop; i += 1) {
          inFlight.push(post(url, request.body, request.authorization).catch(() => undefined));
          await sleep(250);
        }
        await Promise.all(inFlight);
      })();
      const probeUnderAbuse = await probe(url, auth.customerB, probeMs);
      stop = true;
      await abuser;
      cases.push({ name: request.name, ...outcome, refusal: summarize(samples), probeUnderAbuse });
    }
    return { quietProbe, cases };
  } finally {
    await stack.stop();
  }
}

export function printAbuseBench(result: AbuseBenchResult): void {
  const quiet = result.quietProbe.p50;
  process.stdout.write(
    `plain query, quiet gateway: p50 ${formatMs(quiet)}, p99 ${formatMs(result.quietProbe.p99)} (${result.quietProbe.count} requests)\n`,
  );
  for (const c of result.cases) {
    process.stdout.write(
      `${c.name}: HTTP ${c.status} ${c.code}, refused in p50 ${formatMs(c.refusal.p50)} (max ${formatMs(c.refusal.max)}); ` +
        `plain query under 4/s of it: p50 ${formatMs(c.probeUnderAbuse.p50)} (${(c.probeUnderAbuse.p50 / quiet).toFixed(2)}× quiet), p99 ${formatMs(c.probeUnderAbuse.p99)}\n`,
    );
  }
}
