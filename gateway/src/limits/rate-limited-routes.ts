import type { IncomingMessage } from 'node:http';
import { type Route, sendJson } from '@stockgraph/runtime';
import { type RateLimit, rateLimitedError, retryAfterSeconds } from './rate-limit';

/**
 * The routes given, each request first spending one of its identity's budget. A request
 * over budget gets HTTP 429 with Retry-After and a GraphQL error body, before its body is
 * read: nothing of it reaches Apollo, the planner or a subgraph.
 */
export function rateLimitedRoutes(
  routes: Route[],
  limit: RateLimit,
  keyOf: (req: IncomingMessage) => Promise<string>,
): Route[] {
  return routes.map((route) => ({
    ...route,
    handle: async (req, res) => {
      const decision = await limit.consume(await keyOf(req));
      if (!decision.allowed) {
        res.setHeader('retry-after', String(retryAfterSeconds(decision.retryAfterMs)));
        sendJson(res, 429, { errors: [rateLimitedError(decision.retryAfterMs).toJSON()] });
        return;
      }
      await route.handle(req, res);
    },
  }));
}
