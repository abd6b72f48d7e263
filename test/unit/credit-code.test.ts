import { creditCodeCheckCharacter, isValidCreditCode } from '../../api/parties/credit-code';

describe('unified social credit code', () => {
  // Example codes commonly cited with the standard.
  test.each(['91350100M000100Y43', '91110000600037341L'])('%s is valid', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  test('a changed character breaks the check', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91110000600037341X')).toBe(false);
  });

  test.each(['', '91350100M000100Y4', '91350100M000100Y433', '9135010OM000100Y43', '91350100m000100y43'])('%j is refused by shape', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  test('the check character completes any 17-character body', () => {
    const body = '91440300MA5F00000';
    expect(isValidCreditCode(body + creditCodeCheckCharacter(body))).toBe(true);
  });
});
