// The bearer parser and the configured secrets it must accept: issue 13, finding 8 (ADMIN_TOKEN
// accepted weak values and values that could never authenticate; the scheme was case-sensitive).
import { bearerToken, newApiToken } from '../../api/auth/tokens';
import { ConfigError, loadConfig } from '../../platform/config';
import { weakTokenReason } from '../../platform/token-strength';

const strong = 'q7Vd1_xL9-Rk2ZpT0aYwS3mE8uNfB4hC6jGo5tKi'; // 40 random-looking characters

describe('the Bearer scheme is case-insensitive (RFC 9110 §11.1)', () => {
  test.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('%s <token> is read', (scheme) => {
    expect(bearerToken(`${scheme} ${strong}`)).toBe(strong);
  });

  test('one space separates scheme and token; anything else is refused', () => {
    expect(bearerToken(`Bearer  ${strong}`)).toBeNull();
    expect(bearerToken(`Basic ${strong}`)).toBeNull();
    expect(bearerToken(`Bearer${strong}`)).toBeNull();
    expect(bearerToken(`Bearer ${strong} extra`)).toBeNull();
    expect(bearerToken(`Bearer ab=cd${strong}`)).toBeNull(); // '=' only as trailing padding
    expect(bearerToken(undefined)).toBeNull();
  });

  test('issued API tokens parse', () => {
    const { token } = newApiToken();
    expect(bearerToken(`bearer ${token}`)).toBe(token);
  });
});

describe('ADMIN_TOKEN must be strong and usable', () => {
  const weak = [
    'aaaaaaaaaaaaaaaaaaaa', // the example: 20 times one letter
    'a'.repeat(40),
    'abcdefghijklmnopqrstuvwxyzABCDEF', // a run
    'abcabcabcabcabcabcabcabcabcabcabcabc', // a short pattern repeated
    'admin-token-for-the-500-test', // short
    `${strong} ${strong}`, // a space: the bearer parser never accepts it
    `"${strong}"`, // quotes
    `${strong}é`, // not token68
    `ab=${strong}`, // '=' in the middle
    `${strong}${strong}${strong}${strong}${strong}x`, // 201 characters: longer than the parser accepts
  ];

  test.each(weak.map((v) => [v.slice(0, 24), v]))('refused: %s…', (_label, value) => {
    expect(weakTokenReason(value)).not.toBeNull();
    expect(() => loadConfig({ ADMIN_TOKEN: value })).toThrow(ConfigError);
  });

  test('the start-up error says the rule and never repeats the secret', () => {
    try {
      loadConfig({ ADMIN_TOKEN: 'aaaaaaaaaaaaaaaaaaaa' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/ADMIN_TOKEN: .*32 to 200 characters .*128 bits/);
      expect(message).toMatch(/openssl rand/);
      expect(message).not.toContain('aaaaaaaaaaaaaaaaaaaa');
    }
  });

  test('random values are accepted, and every accepted value authenticates', () => {
    const generated = [
      strong,
      newApiToken().token,
      'f3a9c2e17b8d40c6a5e9f1b2d3c4a7e8f9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4',
      'dGhpcyBpcyBub3QgcmFuZG9tIGJ1dCB2YXJpZWQgZW5vdWdoIQ==',
    ];
    for (const value of generated) {
      expect(weakTokenReason(value)).toBeNull();
      expect(loadConfig({ ADMIN_TOKEN: value }).auth.adminToken).toBe(value);
      expect(bearerToken(`Bearer ${value}`)).toBe(value);
    }
  });
});
