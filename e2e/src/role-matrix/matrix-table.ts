import { IDENTITIES, type Identity } from './identities';

export type Route = 'gateway' | 'subgraph';
export const ROUTES: readonly Route[] = ['gateway', 'subgraph'];

/** One cell of the matrix: an operation, called as one identity along one route. */
export interface CellResult {
  operation: string;
  identity: Identity;
  route: Route;
  expected: string;
  actual: string;
  status: number;
  /** Outcome and HTTP status as expected, nothing leaked, state unchanged by a refusal. */
  ok: boolean;
}

const HEADINGS: Record<Identity, string> = {
  anonymous: 'anon',
  customerA: 'custA',
  customerB: 'custB',
  storeX: 'storeX',
  storeY: 'storeY',
  ops: 'ops',
  service: 'svc',
  expired: 'expir',
  tampered: 'tampr',
  wrongIssuer: 'iss',
  wrongAudience: 'aud',
  algNone: 'none',
};

/** Short form of an outcome for the table: A, U, F, or the first letters of another code. */
const short = (outcome: string) => (outcome.length <= 1 ? outcome : outcome.slice(0, 3).toLowerCase());

/**
 * The matrix as text: a row per operation, a column per identity, each cell
 * `gateway/subgraph` outcome (A allowed, U UNAUTHENTICATED, F FORBIDDEN, `inv` another
 * code such as INVALID_CUSTOMER), `!` after a cell that was not as expected.
 */
export function formatMatrix(results: readonly CellResult[]): string {
  const operations = [...new Set(results.map((result) => result.operation))];
  const width = Math.max(...operations.map((operation) => operation.length), 9);
  const cell = (operation: string, identity: Identity) => {
    const text = (['gateway', 'subgraph'] as const)
      .map((route) => results.find((r) => r.operation === operation && r.identity === identity && r.route === route))
      .map((r) => (r ? short(r.actual) + (r.ok ? '' : '!') : '-'))
      .join('/');
    return text.padEnd(Math.max(HEADINGS[identity].length, 7));
  };
  const lines = [
    [
      'operation'.padEnd(width),
      ...IDENTITIES.map((identity) => HEADINGS[identity].padEnd(Math.max(HEADINGS[identity].length, 7))),
    ].join(' '),
    ...operations.map((operation) =>
      [operation.padEnd(width), ...IDENTITIES.map((identity) => cell(operation, identity))].join(' '),
    ),
  ];
  const failed = results.filter((result) => !result.ok).length;
  return `role matrix (gateway/subgraph): ${results.length} cells, ${results.length - failed} as expected, ${failed} not\n${lines.join('\n')}\n`;
}
