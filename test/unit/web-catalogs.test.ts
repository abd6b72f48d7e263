// The console's two catalogs (web/src/i18n) hold the same keys: a key in one language and not the other
// would show a raw key to someone. Also: no empty text, and interpolations ({{name}}) agree.
import zhCN from '../../web/src/i18n/zh-CN.json';
import en from '../../web/src/i18n/en.json';

function flatten(catalog: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [k, v] of flatten(value as Record<string, unknown>, name)) out.set(k, v);
    else out.set(name, String(value));
  }
  return out;
}

const zh = flatten(zhCN);
const english = flatten(en);

test('every key of zh-CN is in en and every key of en is in zh-CN', () => {
  expect([...zh.keys()].filter((k) => !english.has(k))).toEqual([]);
  expect([...english.keys()].filter((k) => !zh.has(k))).toEqual([]);
});

test('no empty text, and the same {{placeholders}} in both languages', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  for (const [key, text] of zh) {
    expect({ key, empty: text.trim() === '' || english.get(key)!.trim() === '' }).toEqual({ key, empty: false });
    expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(english.get(key)!) });
  }
});
