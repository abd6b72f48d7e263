// The language of a problem's title and detail: zh-CN or en, chosen by the request's Accept-Language
// (RFC 9110 §12.5.4, with q-values). A request that states no preference gets English: the web console
// sends its user's language (zh-CN unless the user chose English), while scripts and integrations that
// send none keep the stable English wording they were written against. The `type` URI, the status and
// the field paths are the same in every language; a client branches on those, never on the words.
import type { ProblemError } from './errors';

export const problemLanguages = ['en', 'zh-CN'] as const;
export type ProblemLanguage = (typeof problemLanguages)[number];
export const DEFAULT_PROBLEM_LANGUAGE: ProblemLanguage = 'en';

/** The best of our languages for an Accept-Language header (ties: the earlier range wins). */
export function negotiateProblemLanguage(header: string | undefined): ProblemLanguage {
  if (!header) return DEFAULT_PROBLEM_LANGUAGE;
  let best: { language: ProblemLanguage; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [rangeText, ...params] = part.trim().split(';');
    const range = rangeText?.trim().toLowerCase() ?? '';
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const language: ProblemLanguage | undefined =
      range === 'zh' || range.startsWith('zh-')
        ? 'zh-CN'
        : range === 'en' || range.startsWith('en-')
          ? 'en'
          : range === '*'
            ? DEFAULT_PROBLEM_LANGUAGE
            : undefined;
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? DEFAULT_PROBLEM_LANGUAGE;
}

/** zh-CN titles by problem type (the slug of its `type` URI). */
const zhTitles: Record<string, string> = {
  'validation-error': '请求无效',
  'bad-request': '请求错误',
  unauthorized: '需要身份验证',
  forbidden: '禁止访问',
  'not-authorized': '无权执行此步骤',
  'not-found': '未找到',
  'method-not-allowed': '不支持该请求方法',
  conflict: '冲突',
  'unknown-reference': '引用的对象不存在',
  'unsupported-media-type': '不支持的媒体类型',
  'payload-too-large': '请求体过大',
  'service-unavailable': '服务暂不可用',
  'internal-error': '服务器内部错误',
  'unstorable-value': '无法存储的值',
  refused: '请求被拒绝',
  'not-a-member': '不是该联盟的成员',
  'csrf-token-required': '需要 CSRF 令牌',
  'session-origin-not-allowed': '来源不被允许',
  'invalid-credentials': '登录失败',
  'sign-in-locked': '登录失败次数过多',
  'invalid-link': '链接无效',
  'no-password': '没有可修改的密码',
  'webhook-target-refused': 'Webhook 目标地址被拒绝',
  'placement-rule-violation': '违反实习规定',
  'workflow-ended': '流程已结束',
  'idempotency-key-reused': '幂等键已用于其他请求',
  'idempotency-key-invalid': '幂等键无效',
  'rate-limited': '请求过于频繁',
  'too-many-requests': '请求过于频繁',
  'unreachable-party': '参与方无人可以处理',
  'commissioner-not-proposed': '该科技特派员不在此需求的推荐名单中',
  'not-an-institution': '不是高校或科研院所',
};

/** zh-CN wording of the fixed details. */
const zhDetails: Record<string, string> = {
  'A valid bearer token is required.': '需要有效的 Bearer 令牌或会话 Cookie。',
  'The request is not valid.': '请求无效。',
  'The body is not valid JSON.': '请求体不是有效的 JSON。',
  'The URL is not valid.': 'URL 无效。',
  'The request refers to something that does not exist.': '请求引用了不存在的对象。',
  'Send the body as application/json.': '请以 application/json 发送请求体。',
  'The workflow service is unavailable; retry later.': '流程服务暂不可用，请稍后重试。',
  'The database is unavailable; retry later.': '数据库暂不可用，请稍后重试。',
  'The process has started but its record is not written yet; retry with the same Idempotency-Key.':
    '流程已启动，但其记录尚未写入；请使用相同的 Idempotency-Key 重试。',
  'An unexpected error occurred.': '发生了意外错误。',
  'The request holds a value the database cannot store or compare.': '请求中包含数据库无法存储或比较的值。',
  'The e-mail address or the password is wrong.': '电子邮件地址或密码错误。',
  'Too many failed sign-ins from this address for this account; try again later.': '此地址对该账号的登录失败次数过多，请稍后再试。',
  'This link is not valid: it may have expired, been used already or been replaced by a newer one.': '此链接无效：可能已过期、已被使用或已被新链接取代。',
  'A request with this Idempotency-Key is still in progress; retry shortly.': '使用此幂等键的请求仍在处理中，请稍后重试。',
};

/** What a "not found" names, in zh-CN (the identifier after it is kept as it is). */
const zhNouns: [string, string][] = [
  ['Certification application', '认证申请'],
  ['Certification programme', '认证项目'],
  ['Commissioner service', '科技特派员服务'],
  ['Service need', '服务需求'],
  ['Commissioner', '科技特派员'],
  ['Alliance invitation', '联盟邀请'],
  ['Service account', '服务账号'],
  ['Matching round', '匹配轮次'],
  ['Talent round', '人才匹配轮次'],
  ['Guardian link', '监护人关联'],
  ['Review task', '评审任务'],
  ['Status list', '状态列表'],
  ['Organization', '组织'],
  ['Notification', '通知'],
  ['Invitation', '邀请'],
  ['Certificate', '证书'],
  ['Agreement', '协议'],
  ['Placement', '实习'],
  ['Alliance', '联盟'],
  ['Student', '学生'],
  ['Webhook', 'Webhook'],
  ['Session', '会话'],
  ['Route', '路由'],
  ['User', '用户'],
];

function zhDetail(detail: string): string | undefined {
  const fixed = zhDetails[detail];
  if (fixed) return fixed;
  const notFound = /^(.+) was not found\.$/.exec(detail);
  if (notFound) {
    const what = notFound[1]!;
    const version = /^Version (\S+) of agreement (\S+)$/.exec(what);
    if (version) return `未找到协议 ${version[2]} 的第 ${version[1]} 版。`;
    const noun = zhNouns.find(([en]) => what === en || what.startsWith(`${en} `));
    if (noun) return `未找到${noun[1]}${what.slice(noun[0].length)}。`;
  }
  const allowed = /^This path answers (.+) only\.$/.exec(detail);
  if (allowed) return `此路径仅支持 ${allowed[1]}。`;
  const unreachable =
    /^Nobody may act for part(?:y|ies) (.+): give each organisation an active signatory, or send allowUnreachableParties: true to launch anyway\.$/.exec(
      detail,
    );
  if (unreachable) return `参与方 ${unreachable[1]} 无人可以签署：请为相应组织添加在职的签署人，或在请求中加上 allowUnreachableParties: true 仍然发起。`;
  const roles = /^This step needs one of the roles: (.+)\.$/.exec(detail);
  if (roles) return `此步骤需要以下角色之一：${roles[1]}。`;
  return undefined;
}

/**
 * The title and detail of a problem in the language asked for. A detail written at run time that the
 * catalogue does not know (a workflow's own refusal) stays in English under a translated title.
 */
export function localizeProblem(problem: Pick<ProblemError, 'slug' | 'title' | 'detail'>, language: ProblemLanguage): { title: string; detail?: string } {
  if (language === 'en') return { title: problem.title, detail: problem.detail };
  return {
    title: zhTitles[problem.slug] ?? problem.title,
    detail: problem.detail === undefined ? undefined : (zhDetail(problem.detail) ?? problem.detail),
  };
}
