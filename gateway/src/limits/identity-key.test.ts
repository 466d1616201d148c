import type { IncomingMessage } from 'node:http';
import { ANONYMOUS } from '@stockgraph/domain';
import { addressKey, callerKey } from './identity-key';

const request = (remoteAddress: string) => ({ socket: { remoteAddress }, headers: {} }) as unknown as IncomingMessage;

describe('identity keys for rate limits', () => {
  it('keys an anonymous caller by address, the same client the same way over IPv4 and dual-stack IPv6', () => {
    expect(callerKey(ANONYMOUS, request('203.0.113.9'))).toBe('ip:203.0.113.9');
    expect(addressKey(request('::ffff:203.0.113.9'))).toBe('ip:203.0.113.9');
    expect(addressKey(request('2001:db8::7'))).toBe('ip:2001:db8::7');
  });

  it('keys a verified caller by subject, wherever it connects from', () => {
    const caller = { subject: 'alice', roles: ['customer' as const], locations: [] };
    expect(callerKey(caller, request('203.0.113.9'))).toBe('sub:alice');
    expect(callerKey(caller, request('198.51.100.1'))).toBe('sub:alice');
  });
});
