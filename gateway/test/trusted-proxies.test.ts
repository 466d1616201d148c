import { loadGatewayConfig } from '../src/config';
import { TrustedProxies, validTrustedProxy } from '../src/limits/trusted-proxies';

const devAuth = { AUTH_MODE: 'dev' };

describe('TrustedProxies', () => {
  const behind = new TrustedProxies(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);

  it('counts a connection from a trusted balancer against the client it forwarded for', () => {
    expect(behind.clientOf('10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    expect(behind.clientOf('::ffff:10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    // Through two trusted hops: the right-most address that is not a trusted proxy.
    expect(behind.clientOf('10.1.2.3', '203.0.113.7, 192.168.1.5')).toBe('203.0.113.7');
    expect(behind.clientOf('fd00::1', '2001:db8::9')).toBe('2001:db8::9');
  });

  it('never lets a client choose its address: a forged header before the balancer stays to its left', () => {
    expect(behind.clientOf('10.1.2.3', '1.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('ignores the header from anyone it does not trust, and without any trusted proxy', () => {
    expect(behind.clientOf('203.0.113.7', '1.1.1.1')).toBe('203.0.113.7');
    expect(new TrustedProxies([]).clientOf('10.1.2.3', '1.1.1.1')).toBe('10.1.2.3');
    expect(behind.clientOf('10.1.2.3', undefined)).toBe('10.1.2.3');
    expect(behind.clientOf('10.1.2.3', 'not-an-address')).toBe('10.1.2.3');
  });

  it('refuses a malformed TRUSTED_PROXIES at start-up', () => {
    expect(validTrustedProxy('10.0.0.0/8')).toBe(true);
    expect(validTrustedProxy('10.0.0.0/33')).toBe(false);
    expect(validTrustedProxy('balancer')).toBe(false);
    expect(() => loadGatewayConfig({ ...devAuth, TRUSTED_PROXIES: '10.0.0.0/8, nope' })).toThrow(
      /TRUSTED_PROXIES=.*must be comma-separated IP addresses or CIDR ranges/,
    );
    expect(loadGatewayConfig({ ...devAuth, TRUSTED_PROXIES: '10.0.0.0/8, 172.16.0.0/12' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
    ]);
  });
});
