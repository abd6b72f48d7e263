// Names and titles refuse bidirectional controls and invisible characters (issue 13, finding 8), with
// the zero-width joiners allowed only where a script or an emoji sequence needs them.
import fc from 'fast-check';
import { hiddenCharacterProblem } from '../../schemas/visible-text';

const refused: [string, string][] = [
  ['right-to-left override', 'Acme\u202Egnp.exe'],
  ['left-to-right embedding', '\u202AAcme'],
  ['pop directional formatting', 'Acme\u202C'],
  ['right-to-left isolate', 'Acme \u2067Ltd\u2069'],
  ['first strong isolate', '\u2068Acme'],
  ['left-to-right mark', 'Acme\u200E'],
  ['right-to-left mark', '\u200FAcme'],
  ['Arabic letter mark', 'Acme\u061C'],
  ['zero width space', 'Ad\u200Bmin'],
  ['zero width non-joiner between Latin letters', 'Ad\u200Cmin'],
  ['zero width joiner between Latin letters', 'Ad\u200Dmin'],
  ['zero width joiner between Han characters', '学\u200D校'],
  ['zero width joiner at the end', 'Admin\u200D'],
  ['zero width joiner after an emoji, before a letter', '👩\u200Da'],
  ['word joiner', 'Ad\u2060min'],
  ['byte order mark', '\uFEFFAdmin'],
  ['soft hyphen', 'Ad\u00ADmin'],
  ['Mongolian vowel separator', 'Acme\u180E'],
  ['invisible times', 'a\u2062b'],
  ['Hangul filler', 'Acme\u3164'],
  ['halfwidth Hangul filler', 'Acme\uFFA0'],
  ['combining grapheme joiner', 'Ad\u034Fmin'],
  ['a tag character outside a flag', 'Acme\u{E0041}'],
  ['a control character', 'Acme\u0007'],
  ['a line separator', 'Acme\u2028Ltd'],
  ['a newline', 'Acme\nLtd'],
];

const accepted: [string, string][] = [
  ['Chinese', '深圳职业技术大学'],
  ['mixed scripts with spaces and punctuation', 'Dr. Emma Walker (reviewer) — 王秘书'],
  ['emoji ZWJ sequence', 'Team 👩\u200D💻'],
  ['emoji ZWJ sequence with a variation selector', 'Pride 🏳\uFE0F\u200D🌈'],
  ['emoji with a skin tone in a ZWJ sequence', '👩🏽\u200D🔬 lab'],
  ['Persian ZWNJ', 'می\u200Cخواهم'],
  ['Devanagari ZWJ', 'क\u094D\u200Dष'],
  ['Malayalam ZWJ (chillu)', 'ന\u0D4D\u200D'.concat('റ')],
  ['Scotland flag tag sequence', 'Glasgow 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
  ['Arabic', 'جامعة الملك سعود'],
  ['Hebrew', 'אוניברסיטת תל אביב'],
];

test.each(refused)('refused: %s', (_label, text) => {
  expect(hiddenCharacterProblem(text)).toMatch(/^must not contain (invisible|bidirectional control|invisible or control) characters \(U\+[0-9A-F]{4,5}\)$/);
});

test.each(accepted)('accepted: %s', (_label, text) => {
  expect(hiddenCharacterProblem(text)).toBeNull();
});

test('property: any bidi control or zero-width character inserted into a Latin name is refused', () => {
  const hidden = fc.constantFrom(...'\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u200B\u200C\u200D\u2060\uFEFF'.split(''));
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z ]{2,20}$/), hidden, fc.nat(), (name, ch, at) => {
      const i = at % (name.length + 1);
      return hiddenCharacterProblem(name.slice(0, i) + ch + name.slice(i)) !== null;
    }),
  );
});
