import { requireAcceptablePassword, requireSignInPasswordShape } from './password-rules';

describe('requireAcceptablePassword', () => {
  it('accepts a long passphrase with spaces and any characters', () => {
    expect(() => requireAcceptablePassword('correct horse battery ☃', 'dana@example.com')).not.toThrow();
  });

  it.each([
    ['too short', 'abc12345'],
    ['too long', 'x'.repeat(201)],
    ['a common password inside', 'mypassword2026'],
    ['one character repeated', 'aaaaaaaaaaaa'],
    ['the email itself', 'danielle@example.com!'],
  ])('refuses %s with WEAK_PASSWORD', (_why, password) => {
    expect(() => requireAcceptablePassword(password, 'danielle@example.com')).toThrow(
      expect.objectContaining({ code: 'WEAK_PASSWORD' }),
    );
  });

  it('checks only the length at sign-in, with the sign-in answer', () => {
    expect(() => requireSignInPasswordShape('short')).not.toThrow();
    expect(() => requireSignInPasswordShape('')).toThrow(expect.objectContaining({ code: 'INVALID_CREDENTIALS' }));
    expect(() => requireSignInPasswordShape('x'.repeat(201))).toThrow(
      expect.objectContaining({ code: 'INVALID_CREDENTIALS' }),
    );
  });
});
