import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('keeps one form per mailbox: trimmed and lower-cased', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
  });

  it.each([
    '',
    'alice',
    'alice@',
    '@example.com',
    'alice@example',
    'al ice@example.com',
    'a\u0000@example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses %j with INVALID_EMAIL', (raw) => {
    expect(() => normalizeEmail(raw)).toThrow(expect.objectContaining({ code: 'INVALID_EMAIL', field: 'input.email' }));
  });
});
