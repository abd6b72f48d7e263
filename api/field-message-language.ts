// The language of a problem's field messages (its `errors[]` items): zh-CN or en, as its title and
// detail (api/problem-language.ts). zod's own messages are written in the language asked for while the
// request is parsed, by zod's zh-CN locale passed to that parse alone (zodErrorMap; zod's global
// configuration stays English, the default). The messages our schemas and routes write themselves
// ("a reason is required") are English; their zh-CN wording is the catalogue below, applied when the
// problem is sent. A message the catalogue does not know stays English; the path is the same in every
// language, and a client branches on it, never on the words.
import { locales, type z } from 'zod';
import type { FieldError } from './errors';
import type { ProblemLanguage } from './problem-language';

const zhCN = locales.zhCN().localeError;

/** The error map a parse in `language` uses (undefined: zod's default, English). */
export function zodErrorMap(language: ProblemLanguage): z.core.$ZodErrorMap | undefined {
  return language === 'zh-CN' ? zhCN : undefined;
}

/** zh-CN wording of the field messages our own schemas and routes write. */
const zhMessages: Record<string, string> = {
  // Schemas (zod refinements with a message of their own).
  'a reason is required': '必须填写原因',
  'must be a lowercase hex SHA-256 digest': '必须是小写十六进制的 SHA-256 摘要',
  'a party is either a user (userId) or an organisation (organizationId), exactly one of them':
    '参与方必须是用户（userId）或组织（organizationId），二者选且仅选其一',
  'give effectiveFor or effectiveUntil, not both': 'effectiveFor 与 effectiveUntil 只能给出其一',
  'a renewal reminder needs effectiveFor or effectiveUntil': '续期提醒需要 effectiveFor 或 effectiveUntil',
  'partyId must be unique within an agreement': '同一协议中的 partyId 不能重复',
  'at least one party must sign or approve': '至少要有一个参与方签署或审批',
  'an approver gates the signers of its routing group: every group with an approver needs a signer': '审批人把关其所在路由组的签署人：有审批人的组必须有签署人',
  'must be an ISO 8601 duration such as P5D or PT2H': '必须是 ISO 8601 时长，例如 P5D 或 PT2H',
  'must be a calendar date YYYY-MM-DD': '必须是 YYYY-MM-DD 格式的日期',
  'one entry per date': '每个日期只能有一条记录',
  'coverageStart after coverageEnd': 'coverageStart 晚于 coverageEnd',
  'must be on or after 1900-01-01': '不得早于 1900-01-01',
  'must not be in the future': '不得晚于今天',
  'must be a past date after 1900': '必须是 1900 年之后的过去日期',
  'must not repeat a role': '角色不能重复',
  'is required for a student': '学生必须填写此项',
  'a guardian belongs to no organisation and holds no other role': '监护人不属于任何组织，也不能有其他角色',
  'is required (only a guardian belongs to no organisation)': '必须填写（只有监护人不属于任何组织）',
  'is not a valid unified social credit code (18 characters of GB 32100-2015 with a correct check character)':
    '不是有效的统一社会信用代码（GB 32100-2015 规定的 18 位，校验码须正确）',
  'must not name an organisation twice': '同一组织不能出现两次',
  'is not a certificate number': '不是证书编号',
  'a major code is 4 to 6 digits': '专业代码为 4 到 6 位数字',
  'a position may be listed once': '同一岗位只能出现一次',
  'a major group is the two-digit code of a 专业大类': '专业大类代码为两位数字',
  'is not an invitation token': '不是邀请令牌',
  'is not a password reset token': '不是密码重置令牌',
  'give a ranking or scores, not both': 'ranking 与 scores 只能给出其一',
  'one entry per position': '每个岗位只能有一条记录',
  'must be base64': '必须是 base64 编码',
  'event types must not repeat': '事件类型不能重复',
  'the quorum cannot exceed the panel size': '法定人数不能超过评审组人数',
  'configure at least one level': '至少配置一个等级',
  'a prerequisite must be a lower level': '前置等级必须低于本等级',
  'lowercase letters, digits and hyphens, 3 to 64 characters': '小写字母、数字和连字符，3 到 64 个字符',
  '2 to 8 capital letters': '2 到 8 个大写字母',
  'domains must be unique': '领域不能重复',
  'name at least one point to change': '至少列出一处需要修改的地方',
  'say what changed': '请说明修改了什么',
  // The request as a whole (api/validation.ts, api/errors.ts).
  'must not contain the NUL character (U+0000)': '不能包含 NUL 字符（U+0000）',
  'must be well-formed Unicode (no lone surrogates)': '必须是格式正确的 Unicode（不能有孤立的代理项）',
  'body is not valid JSON': '请求体不是有效的 JSON',
  'is not valid percent-encoding': '不是有效的百分号编码',
  'must be 1 to 200 visible ASCII characters': '必须是 1 到 200 个可见 ASCII 字符',
  'is not a cursor this API issued': '不是本 API 签发的游标',
  // Routes' own checks.
  'no organisation has this id': '没有此 id 的组织',
  'no such organisation': '没有此组织',
  'no such certification programme': '没有此认证项目',
  'is not an active user with the candidate role': '不是具有考生角色的在职用户',
  'does not name a certificate of this issuer': '不是本签发方的证书',
  'is taken': '已被占用',
  'is already registered': '已登记',
  'is before startDate': '早于 startDate',
  'a student cannot be their own guardian': '学生不能做自己的监护人',
  'the student has no birth date on record: give one': '该学生没有登记出生日期：请提供',
  'the service account is disabled': '该服务账号已停用',
  'is required for a caller without an organisation': '调用方不属于任何组织时必须填写',
  'must be more than zero and at most P30D': '必须大于零且不超过 P30D',
  'must be more than zero and at most P1Y': '必须大于零且不超过 P1Y',
  'must be at most P30D': '不能超过 P30D',
};

/** Messages that carry a value: their pattern and its zh-CN wording. */
const zhPatterns: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^must not contain (invisible or control|bidirectional control|invisible) characters \((U\+[0-9A-F]+)\)$/,
    (m) => `不能包含${kindZh[m[1]!] ?? m[1]}字符（${m[2]}）`,
  ],
  [/^is nested deeper than (\d+) levels$/, (m) => `嵌套超过 ${m[1]} 层`],
  [/^level (\S+) is not configured$/, (m) => `等级 ${m[1]} 未配置`],
  [/^nobody may act for party (.+): it needs (.+)$/, (m) => `无人可以代表参与方 ${m[1]} 处理：需要 ${m[2]}`],
];
const kindZh: Record<string, string> = { 'invisible or control': '不可见或控制', 'bidirectional control': '双向控制', invisible: '不可见' };

function zhMessage(message: string): string {
  const fixed = zhMessages[message];
  if (fixed) return fixed;
  for (const [pattern, wording] of zhPatterns) {
    const match = pattern.exec(message);
    if (match) return wording(match);
  }
  return message;
}

/** The field errors with our own messages in the language asked for (zod's are already in it). */
export function localizeFieldErrors(errors: readonly FieldError[], language: ProblemLanguage): FieldError[] {
  if (language === 'en') return [...errors];
  return errors.map((e) => ({ ...e, message: zhMessage(e.message) }));
}
