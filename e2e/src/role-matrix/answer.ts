/** One GraphQL error as a test reads it. */
export interface AnsweredError {
  message: string;
  extensions?: { code?: unknown };
}

/**
 * How a request ended: `A` (allowed: no UNAUTHENTICATED or FORBIDDEN error), `U`
 * (UNAUTHENTICATED), `F` (FORBIDDEN), or the code of another error that refused it after
 * it passed every check of who may call (such as INVALID_CUSTOMER).
 */
export type Outcome = string;

export interface Answer {
  status: number;
  outcome: Outcome;
  /** Every error code, in order. */
  codes: string[];
  data: unknown;
  errors: AnsweredError[];
}

/**
 * POSTs an operation with exactly the given `Authorization` ('' sends none: this never adds
 * a token of its own) and reads how it ended. `extraHeaders` are sent as they are.
 */
export async function send(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  authorization: string,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...extraHeaders },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: { data?: unknown; errors?: AnsweredError[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  const errors = body.errors ?? [];
  const codes = errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE'));
  return { status: response.status, outcome: outcomeOf(codes), codes, data: body.data ?? null, errors };
}

function outcomeOf(codes: readonly string[]): Outcome {
  if (codes.includes('UNAUTHENTICATED')) return 'U';
  if (codes.includes('FORBIDDEN')) return 'F';
  return codes[0] ?? 'A';
}

export function isDenied(outcome: Outcome): boolean {
  return outcome === 'U' || outcome === 'F';
}

/** Whether an answer carries any non-null scalar: a refused read must leak nothing. */
export function carriesData(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(carriesData);
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).some(carriesData);
  return true;
}

/** The first path at which two JSON values differ, with both sides, or null when equal. */
export function firstDifference(before: unknown, after: unknown, at = '$'): string | null {
  if (before === after) return null;
  const bothObjects = typeof before === 'object' && typeof after === 'object' && before !== null && after !== null;
  if (!bothObjects || Array.isArray(before) !== Array.isArray(after)) {
    return `${at}: ${JSON.stringify(before)?.slice(0, 160)} → ${JSON.stringify(after)?.slice(0, 160)}`;
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const difference = firstDifference(a[key], b[key], `${at}.${key}`);
    if (difference) return difference;
  }
  return null;
}
