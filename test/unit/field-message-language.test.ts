// Field-level messages (problem+json errors[]) in the language the request asks for: zod's own in its
// zh-CN locale for that parse alone, ours from the catalogue (api/field-message-language.ts); English
// stays the default and zod's global configuration is never changed.
import { z } from 'zod';
import { ValidationProblem } from '../../api/errors';
import { localizeFieldErrors } from '../../api/field-message-language';
import { parseRequest } from '../../api/validation';
import { launchAgreementRequest } from '../../workflows/agreement-signing/contract';

const badLaunch = {
  allianceId: 'alliance-1',
  kind: 'treaty',
  document: { text: 'x' },
  parties: [{ partyId: 'p', displayName: 'P', role: 'signer', routingGroup: 0, organizationId: 'o', userId: 'u' }],
  policy: { deadline: 'two weeks' },
  colour: 'blue',
};

function errorsOf(language: 'en' | 'zh-CN') {
  try {
    parseRequest(launchAgreementRequest, badLaunch, 'body', language);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationProblem);
    return new Map((error as ValidationProblem).errors.map((e) => [e.path, e.message]));
  }
  throw new Error('the body was accepted');
}

test("zod's messages follow the request's language; English by default", () => {
  const zh = errorsOf('zh-CN');
  const en = errorsOf('en');
  expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  expect(zh.get('/title')).toBe('无效输入：期望 string，实际接收 undefined');
  expect(en.get('/title')).toBe('Invalid input: expected string, received undefined');
  expect(zh.get('/kind')).toMatch(/^无效选项：期望以下之一 "alliance_charter"\|/);
  expect(zh.get('/parties/0/routingGroup')).toBe('数值过小：期望 number >=1');
  expect(zh.get('/')).toBe('出现未知的键(key): "colour"');
  for (const [path, message] of zh) console.log(`zh-CN ${path}: ${message}`);
  // A message our schema wrote itself is English at parse time, for the catalogue when the problem is sent.
  expect(zh.get('/policy/deadline')).toBe('must be an ISO 8601 duration such as P5D or PT2H');
  expect(zh.get('/parties/0')).toBe('a party is either a user (userId) or an organisation (organizationId), exactly one of them');
});

test("a zh-CN parse leaves zod's global configuration English", () => {
  errorsOf('zh-CN');
  const plain = z.object({ n: z.number() }).safeParse({ n: 'one' });
  expect(plain.success).toBe(false);
  expect(plain.error!.issues[0]!.message).toBe('Invalid input: expected number, received string');
});

test("our own messages take the catalogue's zh-CN wording; unknown ones stay as they are", () => {
  const errors = [
    { path: '/policy/deadline', message: 'must be an ISO 8601 duration such as P5D or PT2H' },
    { path: '/title', message: 'must not contain bidirectional control characters (U+202E)' },
    { path: '/parties/1/organizationId', message: 'nobody may act for party park: it needs an active user of organisation o-1 with the signatory role' },
    { path: '/x', message: 'a message nobody translated' },
  ];
  expect(localizeFieldErrors(errors, 'zh-CN').map((e) => e.message)).toEqual([
    '必须是 ISO 8601 时长，例如 P5D 或 PT2H',
    '不能包含双向控制字符（U+202E）',
    '无人可以代表参与方 park 处理：需要 an active user of organisation o-1 with the signatory role',
    'a message nobody translated',
  ]);
  expect(localizeFieldErrors(errors, 'en')).toEqual(errors);
});
