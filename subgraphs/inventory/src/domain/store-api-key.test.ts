import {
  grantOf,
  hashStoreApiKeySecret,
  MAX_STORE_API_KEY_LENGTH,
  newStoreApiKey,
  normaliseStoreApiKeyLabel,
  parseStoreApiKey,
  secretMatches,
} from './store-api-key';

// The gateway's check (gateway/src/auth/store-key-exchange.ts): every key made here must pass it.
const GATEWAY_SHAPE = /^sgk_[A-Za-z0-9-]{1,64}\.[A-Za-z0-9_-]{20,200}$/;

describe('store API keys', () => {
  it('makes keys of the shape the gateway accepts, and parses them back into id and secret', () => {
    const made = newStoreApiKey();

    expect(made.key).toMatch(GATEWAY_SHAPE);
    expect(parseStoreApiKey(made.key)).toEqual({ id: made.id, secret: made.secret });
  });

  it('makes a different secret every time', () => {
    const secrets = new Set(Array.from({ length: 100 }, () => newStoreApiKey().secret));

    expect(secrets.size).toBe(100);
  });

  it.each([
    ['no prefix', 'abc.0123456789abcdefghij'],
    ['no dot', 'sgk_abc0123456789abcdefghij'],
    ['a short secret', 'sgk_abc.0123456789'],
    ['a character outside base64url', 'sgk_abc.0123456789abcdefghij+'],
    ['an id with a dot', 'sgk_a.b.0123456789abcdefghij'],
    ['an empty id', 'sgk_.0123456789abcdefghij'],
  ])('refuses a key with %s', (_case, key) => {
    expect(parseStoreApiKey(key)).toBeNull();
  });

  it('refuses a key longer than any key can be without matching it', () => {
    const huge = `sgk_${'a'.repeat(64)}.${'b'.repeat(MAX_STORE_API_KEY_LENGTH)}`;

    expect(parseStoreApiKey(huge)).toBeNull();
  });

  it('matches a secret only against its own hash', () => {
    const { secret } = newStoreApiKey();
    const stored = hashStoreApiKeySecret(secret);

    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(newStoreApiKey().secret, stored)).toBe(false);
    expect(secretMatches(secret, 'not-a-hash')).toBe(false);
  });

  it('grants a key its location until it is revoked', () => {
    expect(grantOf({ id: 'k', locationId: 'madrid', revokedAt: null })).toEqual({ keyId: 'k', locationId: 'madrid' });
    expect(grantOf({ id: 'k', locationId: 'madrid', revokedAt: 1 })).toBeNull();
  });

  it('trims a label, allows none, and refuses blank, long or multi-line ones with INVALID_LABEL', () => {
    expect(normaliseStoreApiKeyLabel('  till 1 ', 'label')).toBe('till 1');
    expect(normaliseStoreApiKeyLabel(undefined, 'label')).toBeNull();
    for (const bad of ['   ', 'x'.repeat(201), 'line\nbreak']) {
      expect(() => normaliseStoreApiKeyLabel(bad, 'label')).toThrow(
        expect.objectContaining({ code: 'INVALID_LABEL', field: 'label' }),
      );
    }
  });
});
