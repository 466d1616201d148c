import type { IncomingMessage } from 'node:http';
import { addressKey, identityKey, unverifiedSubject } from './identity-key';

const jwt = (claims: object) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
const request = (remoteAddress: string | undefined, authorization?: string) =>
  ({ socket: { remoteAddress }, headers: authorization === undefined ? {} : { authorization } }) as unknown as IncomingMessage;

describe('identityKey', () => {
  it('keys a request without a token by its address', () => {
    expect(identityKey(request('203.0.113.9'))).toBe('ip:203.0.113.9');
    expect(identityKey(request('2001:db8::7'))).toBe('ip:2001:db8::7');
  });

  it('keys an IPv4 client on a dual-stack socket as the same client as on an IPv4 one', () => {
    expect(addressKey(request('::ffff:203.0.113.9'))).toBe('ip:203.0.113.9');
  });

  it("keys a request with a bearer JWT by the token's sub, whatever the address", () => {
    const token = jwt({ sub: 'customer-42', exp: 1 });
    expect(identityKey(request('203.0.113.9', `Bearer ${token}`))).toBe('sub:customer-42');
    expect(identityKey(request('198.51.100.1', `bearer ${token}`))).toBe('sub:customer-42');
  });

  it('falls back to the address for a token it cannot read a sub from', () => {
    const cases = [
      'Basic dXNlcjpwYXNz',
      'Bearer not-a-jwt',
      `Bearer ${jwt({ name: 'no sub' })}`,
      `Bearer ${jwt({ sub: 42 })}`,
      `Bearer ${jwt({ sub: '' })}`,
      `Bearer ${jwt({ sub: 'x'.repeat(201) })}`,
      'Bearer aaaa.!!!!.bbbb',
      `Bearer ${Buffer.from('{}').toString('base64url')}.${Buffer.from('not json').toString('base64url')}.`,
    ];
    expect(cases.map((authorization) => identityKey(request('203.0.113.9', authorization)))).toEqual(cases.map(() => 'ip:203.0.113.9'));
  });

  it('reads the sub without checking the signature: a forged token is believed (until the gateway verifies tokens)', () => {
    expect(unverifiedSubject(`Bearer ${jwt({ sub: 'someone-else' })}`)).toBe('someone-else');
  });
});
