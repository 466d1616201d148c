import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authenticator, type Route, sendJson } from '@stockgraph/runtime';
import { DomainError, hasRole } from '@stockgraph/domain';
import type { OpsSummarySource } from './ops-summary';

/** `GET /ops/summary`: operations only (a verified `ops` token), answered as JSON, never cached. */
export function opsRoutes(source: OpsSummarySource, authenticator: Authenticator): Route[] {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const caller = await authenticator.callerOf({ authorization: req.headers.authorization }, { required: true });
      if (!hasRole(caller, 'ops')) {
        sendJson(res, 403, { error: 'the operations summary is for ops', code: 'FORBIDDEN' });
        return;
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      sendJson(res, 401, { error: error.message, code: 'UNAUTHENTICATED' });
      return;
    }
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, await source.summary());
  };
  return [{ method: 'GET', path: '/ops/summary', handle }];
}
