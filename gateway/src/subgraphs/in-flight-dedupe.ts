import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { Response } from 'node-fetch';

/**
 * In-flight de-duplication of a subgraph's fetches, as Hive Gateway and Apollo Router do: a
 * query identical to one already on its way (same URL, body and headers: the same document
 * and variables for the same caller or acting-for scope) waits for that one's answer
 * instead of asking again, so a storefront crowd loading one page costs the subgraph one
 * fetch per wave. Each caller gets its own response over the shared bytes: the gateway
 * merges what it parses into its result in place, so parsed objects are never shared.
 *
 * Mutations always go, and a query sent after a mutation was sent, or while one is on its
 * way, never joins a fetch that started before, so a caller reads its own writes.
 */
export function dedupeInFlight(fetcher: Fetcher, onShared: () => void): Fetcher {
  const inFlight = new Map<string, Promise<SharedAnswer>>();
  return (url, init) => {
    const key = readOnlyKey(url, init);
    if (key === null) {
      // Queries already on their way may read what this changes, before or while it runs:
      // none started before it ends is joined by a query after it.
      inFlight.clear();
      const sent = fetcher(url, init);
      const clear = () => inFlight.clear();
      sent.then(clear, clear);
      return sent;
    }
    const running = inFlight.get(key);
    if (running) {
      onShared();
      return running.then(responseOf);
    }
    const answer = fetcher(url, init).then(async (response) => ({
      url: response.url,
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      body: await response.text(),
    }));
    inFlight.set(key, answer);
    const settle = () => {
      if (inFlight.get(key) === answer) inFlight.delete(key);
    };
    answer.then(settle, settle);
    return answer.then(responseOf);
  };
}

interface SharedAnswer {
  url: string;
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
}

function responseOf(answer: SharedAnswer): FetcherResponse {
  return new Response(answer.body, {
    url: answer.url,
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  });
}

/**
 * What makes two fetches the same, or null for one that may change something. The data
 * source writes the body as `{"query":"…"` first, so an operation's kind is its opening
 * word; anything else (a mutation, a subscription, an unexpected shape) is never shared.
 */
function readOnlyKey(url: string, init: Parameters<Fetcher>[1]): string | null {
  const body = typeof init?.body === 'string' ? init.body : null;
  if (body === null || !/^\{"query":"(?:query\b|\{)/.test(body)) return null;
  // Credentials are part of the key: headers of a shape it cannot read (a Headers object
  // would list as no entries at all) make a fetch that is never shared.
  const raw = init?.headers;
  if (raw === undefined || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return null;
  const headers = Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([url, init?.method ?? 'POST', headers, body]);
}
