import pino from 'pino';
import { parse } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { waitFor } from '@stockgraph/shared/testing';
import { PlanExecutor } from '../src/subscriptions/plan-executor';
import { SubscriptionGroups } from '../src/subscriptions/subscription-groups';
import { UpstreamHub } from '../src/subscriptions/upstream-hub';
import { startTickServer, tickSchema } from './support/tick-server';

describe('SubscriptionGroups with a slow client', () => {
  it('keeps the queue bounded, keeps the latest value per identity and counts what it coalesced', async () => {
    const subgraph = await startTickServer();
    const log = pino({ level: 'silent' });
    const losses: string[] = [];
    const groups = new SubscriptionGroups(
      tickSchema,
      new PlanExecutor(tickSchema, async () => ({ entities: [], errors: [] })),
      new UpstreamHub(log, async (scope) => ({ actingFor: scope })),
      () => subgraph.url,
      { delivered: () => undefined, completed: () => undefined, lost: (kind) => void losses.push(kind), groups: () => undefined },
      log,
      5,
    );
    const document = parse('subscription { tickObjects { id n } }');
    const subscription = {
      document,
      operationName: undefined,
      variables: {},
      scope: 'one-identity',
      plan: {
        primary: {
          kind: 'Fetch' as const,
          serviceName: 'ticks',
          operation: 'subscription{tickObjects{id n}}',
          operationName: undefined,
          operationKind: 'subscription' as never,
        },
        rest: undefined,
      },
    };
    const slow = groups.join(subscription);
    const fast = groups.join(subscription);
    const fastSeen: ExecutionResult[] = [];
    void (async () => {
      for await (const result of fast) fastSeen.push(result);
    })();
    await waitFor(() => subgraph.active() === 1, { what: 'one upstream for both clients' });
    for (let n = 0; n < 50; n += 1) subgraph.tick(n);
    await waitFor(() => fastSeen.length === 50, { what: 'the fast client to get all 50' });
    const slowSeen: Array<{ id: string; n: number }> = [];
    for (let i = 0; i < 5; i += 1) {
      const next = await slow.next();
      slowSeen.push((next.value as ExecutionResult<{ tickObjects: { id: string; n: number } }>).data?.tickObjects as { id: string; n: number });
    }
    expect(slowSeen.map((t) => t.n).sort((a, b) => a - b)).toEqual([45, 46, 47, 48, 49]);
    expect(losses.length).toBe(45);
    expect(new Set(losses)).toEqual(new Set(['coalesced']));
    await slow.return?.();
    await fast.return?.();
    await waitFor(() => subgraph.active() === 0, { what: 'the upstream to close with the last client' });
    await subgraph.stop();
  });
});
