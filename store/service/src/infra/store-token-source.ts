import { DomainError } from '@stockgraph/domain';

/** Renew a token once less than this share of its lifetime is left. */
const RENEW_AT_SHARE_LEFT = 1 / 3;

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  error_description?: unknown;
}

/**
 * The store's identity at the centre: its API key exchanged at the gateway's
 * `POST /auth/token` for a short-lived store token, kept and renewed before it expires
 * (one exchange at a time, however many calls need it).
 */
export class StoreTokenSource {
  private token: { value: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly tokenUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** `Bearer <token>`, exchanging the key first when none is held or it is due for renewal. */
  async authorization(): Promise<string> {
    if (this.token && this.clock() < this.token.renewAt) return `Bearer ${this.token.value}`;
    this.pending ??= this.exchange().finally(() => {
      this.pending = null;
    });
    return `Bearer ${await this.pending}`;
  }

  private async exchange(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: this.apiKey }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DomainError(
        'CENTRE_UNREACHABLE',
        `the gateway's token endpoint ${this.tokenUrl} is unreachable: ${(error as Error).message}`,
        undefined,
        'UNAVAILABLE',
      );
    }
    const answer = (await response.json().catch(() => ({}))) as TokenAnswer;
    if (!response.ok || typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      const why = typeof answer.error_description === 'string' ? answer.error_description : `HTTP ${response.status}`;
      throw new DomainError(
        'STORE_KEY_REFUSED',
        `the gateway refused the store's API key (${why}); ask operations for a key for this location (createStoreApiKey)`,
        undefined,
        'UNAUTHENTICATED',
      );
    }
    this.token = {
      value: answer.access_token,
      renewAt: this.clock() + answer.expires_in * 1000 * (1 - RENEW_AT_SHARE_LEFT),
    };
    return answer.access_token;
  }
}
