import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Authenticator, type Route, sendJson } from '@stockgraph/runtime';
import { DomainError, hasRole } from '@stockgraph/domain';
import type { OpsSummarySource } from './ops-summary';

/** Export headers passed on to the browser; nothing else of inventory's answer is. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'cache-control'];

/**
 * The operations routes, each for a verified `ops` token only:
 * - `GET /ops/summary`: the operations summary, as JSON, never cached;
 * - `GET /ops/ledger-export?format=&locationId=&from=&to=`: inventory's ledger export,
 *   streamed through (the browser never talks to subgraph ports), with the caller's own
 *   token, so inventory checks it again.
 */
export function opsRoutes(
  source: OpsSummarySource,
  authenticator: Authenticator,
  ledgerExportUrl: string | null = null,
): Route[] {
  /** True when the request is operations'; otherwise it has been answered. */
  const opsOnly = async (req: IncomingMessage, res: ServerResponse, what: string) => {
    try {
      const caller = await authenticator.callerOf({ authorization: req.headers.authorization }, { required: true });
      if (hasRole(caller, 'ops')) return true;
      sendJson(res, 403, { error: `${what} is for ops`, code: 'FORBIDDEN' });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      sendJson(res, 401, { error: error.message, code: 'UNAUTHENTICATED' });
    }
    return false;
  };
  const summary = async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await opsOnly(req, res, 'the operations summary'))) return;
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, await source.summary());
  };
  const ledgerExport = async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await opsOnly(req, res, 'the ledger export'))) return;
    if (!ledgerExportUrl) {
      sendJson(res, 503, { error: 'this gateway knows no inventory URL (INVENTORY_URL)', code: 'UNAVAILABLE' });
      return;
    }
    const upstream = new URL(ledgerExportUrl);
    upstream.search = new URL(req.url ?? '/', 'http://local').search;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let answer: Response;
    try {
      answer = await fetch(upstream, {
        headers: { authorization: req.headers.authorization ?? '' },
        signal: abort.signal,
      });
    } catch (error) {
      if (!res.headersSent)
        sendJson(res, 502, { error: `inventory did not answer: ${(error as Error).message}`, code: 'UNAVAILABLE' });
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value) headers[name] = value;
    }
    res.writeHead(answer.status, headers);
    if (!answer.body) {
      res.end();
      return;
    }
    // A client that goes away aborts the upstream too; either end's failure ends both.
    await pipeline(Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream), res).catch(() =>
      res.destroy(),
    );
  };
  return [
    { method: 'GET', path: '/ops/summary', handle: summary },
    { method: 'GET', path: '/ops/ledger-export', handle: ledgerExport },
  ];
}
