import { metricsAllowed } from './metrics-access';

const TOKEN = 'scrape-0123456789abcdef';

describe('metricsAllowed', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])(
    'serves this host (%s) without a token, whether or not one is configured',
    (address) => {
      expect(metricsAllowed(address, undefined, null)).toBe(true);
      expect(metricsAllowed(address, undefined, TOKEN)).toBe(true);
    },
  );

  it('refuses every other address when no token is configured, whatever it presents', () => {
    expect(metricsAllowed('10.0.0.7', undefined, null)).toBe(false);
    expect(metricsAllowed('10.0.0.7', `Bearer ${TOKEN}`, null)).toBe(false);
    expect(metricsAllowed('127.0.0.2', undefined, null)).toBe(false);
    expect(metricsAllowed(undefined, undefined, null)).toBe(false);
  });

  it('serves another address presenting the configured token as a bearer token', () => {
    expect(metricsAllowed('10.0.0.7', `Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsAllowed('2001:db8::1', `bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it('refuses a wrong, truncated, longer or differently presented token', () => {
    expect(metricsAllowed('10.0.0.7', 'Bearer wrong-token-of-some-length', TOKEN)).toBe(false);
    expect(metricsAllowed('10.0.0.7', `Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(metricsAllowed('10.0.0.7', `Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(metricsAllowed('10.0.0.7', TOKEN, TOKEN)).toBe(false);
    expect(metricsAllowed('10.0.0.7', `Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(metricsAllowed('10.0.0.7', 'Bearer ', TOKEN)).toBe(false);
    expect(metricsAllowed('10.0.0.7', undefined, TOKEN)).toBe(false);
  });
});
