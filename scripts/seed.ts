// `npm run seed`: demo data for trying the API: one alliance with two organisations of every kind, a
// user for every role with a password (to sign in: POST /v1/session) and an API token, and the exam
// system as a service account with its token, all printed once. Idempotent: the data have fixed ids,
// so a second run finds them instead of adding more; passwords and tokens are rotated on every run
// (only hashes are stored, so they can only be shown when made), which ends the previous run's.
//
// It goes through the same code as the API routes (api/parties/*: the same schemas, the same inserts),
// against DATABASE_URL, or the embedded PostgreSQL (started here if `npm start` is not serving it).
import net from 'node:net';
import { nameBasedId } from '../core/name-based-id';
import { answerInvitation } from '../api/parties/alliance-membership';
import { registerAlliance } from '../api/parties/alliances';
import { creditCodeCheckCharacter } from '../api/parties/credit-code';
import { confirmGuardianLink, linkGuardian, studentOf } from '../api/parties/guardians';
import { type RegisterOrganizationRequest, registerOrganization } from '../api/parties/organizations';
import { type RegisterUserRequest, registerUser, revokeTokens } from '../api/parties/users';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../api/accounts/passwords';
import { revokeAllSessions } from '../api/accounts/sessions';
import { createServiceAccount, issueServiceToken } from '../api/accounts/service-accounts';
import { ConfigError, loadConfig } from '../platform/config';
import { createDatabase, type Database } from '../platform/database';
import { startEmbeddedPostgres } from '../devtools/embedded-postgres';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrator';

const SEED = 'allianceflow-seed';

/** A valid, fixed unified social credit code for the n-th demo organisation. */
function demoCreditCode(n: number): string {
  const first17 = `91440300AF${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const organizationList: (Omit<RegisterOrganizationRequest, 'creditCode'> & { slug: string })[] = [
  { slug: 'association-1', kind: 'association', name: '市产教融合促进会 (City Industry-Education Council)' },
  { slug: 'association-2', kind: 'association', name: '数字技能评价协会 (Digital Skills Assessment Association)' },
  { slug: 'school-1', kind: 'secondary_vocational_school', name: '第一中等职业学校 (Vocational School No. 1)' },
  { slug: 'school-2', kind: 'secondary_vocational_school', name: '第二中等职业学校 (Vocational School No. 2)' },
  { slug: 'university-1', kind: 'university', name: '城市职业技术学院 (City Polytechnic College)' },
  { slug: 'university-2', kind: 'university', name: '应用科技大学 (University of Applied Sciences)' },
  { slug: 'government-1', kind: 'government', name: '市人力资源和社会保障局 (Human Resources Bureau)' },
  { slug: 'government-2', kind: 'government', name: '市教育局 (Education Bureau)' },
  { slug: 'park-1', kind: 'industrial_park', name: '高新技术产业园 (High-Tech Industrial Park)' },
  { slug: 'park-2', kind: 'industrial_park', name: '数字经济产业园 (Digital Economy Park)' },
  { slug: 'enterprise-1', kind: 'enterprise', name: '精密机械制造有限公司 (Precision Machining Ltd)' },
  { slug: 'enterprise-2', kind: 'enterprise', name: '云数科技有限公司 (Cloud Data Technology Ltd)' },
  { slug: 'institute-1', kind: 'research_institute', name: '智能制造研究院 (Intelligent Manufacturing Institute)' },
  { slug: 'institute-2', kind: 'research_institute', name: '工业互联网研究所 (Industrial Internet Institute)' },
];
const organizations: (RegisterOrganizationRequest & { slug: string })[] = organizationList.map((o, index) => ({
  ...o,
  creditCode: demoCreditCode(index + 1),
}));

const users: (Omit<RegisterUserRequest, 'organizationId'> & { slug: string; organization: string | null })[] = [
  { slug: 'admin', organization: 'association-1', name: '平台管理员 Platform Admin', email: 'admin@example.org', roles: ['admin'] },
  { slug: 'secretariat', organization: 'association-1', name: '王秘书 Wang (secretariat)', email: 'secretariat@example.org', roles: ['secretariat'] },
  { slug: 'signatory-enterprise', organization: 'enterprise-1', name: '陈总 Chen (signatory)', email: 'chen@example.org', roles: ['signatory'] },
  { slug: 'signatory-school', organization: 'school-1', name: '刘校长 Liu (signatory)', email: 'liu@example.org', roles: ['signatory'] },
  // The college signs too (an agreement naming an organisation nobody may sign for is refused at launch).
  { slug: 'signatory-university', organization: 'university-1', name: '吴院长 Wu (signatory)', email: 'wu@example.org', roles: ['signatory'] },
  { slug: 'school-coordinator', organization: 'school-1', name: '张老师 Zhang (coordinator)', email: 'zhang@example.org', roles: ['school_coordinator'] },
  {
    slug: 'mentor-enterprise',
    organization: 'enterprise-1',
    name: '赵工 Zhao (enterprise mentor)',
    email: 'zhao@example.org',
    locale: 'zh-CN',
    roles: ['mentor'],
  },
  { slug: 'mentor-school', organization: 'school-1', name: '孙老师 Sun (school mentor)', email: 'sun@example.org', roles: ['mentor'] },
  { slug: 'student', organization: 'school-1', name: '李明 Li Ming (student)', email: 'li.ming@example.org', roles: ['student'], birthDate: '2008-05-20' },
  { slug: 'reviewer', organization: 'institute-1', name: 'Dr. Emma Walker (reviewer)', email: 'walker@example.org', locale: 'en', roles: ['reviewer'] },
  // A second reviewer: no reviewer acts twice on one application (four-eyes), so a review needs two.
  { slug: 'reviewer-2', organization: 'institute-2', name: '钱研究员 Qian (reviewer)', email: 'qian@example.org', roles: ['reviewer'] },
  { slug: 'candidate', organization: 'enterprise-2', name: '周工程师 Zhou (candidate)', email: 'zhou@example.org', roles: ['candidate'] },
  { slug: 'exam-system', organization: 'association-2', name: 'Exam system', email: 'exams@example.org', locale: 'en', roles: ['exam_system'] },
  // The student's mother: a person of no organisation, linked by the school and confirmed (below).
  { slug: 'guardian', organization: null, name: '李母 Li (guardian)', email: 'li.mother@example.org', roles: ['guardian'] },
];

export interface SeededUser {
  id: string;
  slug: string;
  name: string;
  roles: string[];
  organization: string | null;
  token: string;
  email: string;
  /** Null for the exam-system user (a machine: it signs in with its token, not a password). */
  password: string | null;
}

export interface SeedResult {
  allianceId: string;
  organizationIds: Record<string, string>;
  users: SeededUser[];
  /** The exam system as a service account (scope certification:exam-results) and its token. */
  serviceAccount: { id: string; name: string; token: string };
}

/** A random demo password: 16 characters, never on the common-password list. */
function demoPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function seed(db: Database): Promise<SeedResult> {
  const organizationIds: Record<string, string> = {};
  for (const { slug, ...input } of organizations) {
    const organization = await registerOrganization(db, nameBasedId(`${SEED}:organization:${slug}`), input);
    organizationIds[slug] = organization.id;
  }
  // The demo admin founds the alliance and answers for every organisation it invites, through the
  // routes' code: membership is an invitation each organisation accepts.
  const adminId = nameBasedId(`${SEED}:user:admin`);
  const invited = Object.values(organizationIds).filter((id) => id !== organizationIds['association-1']);
  const alliance = await registerAlliance(
    db,
    nameBasedId(`${SEED}:alliance:digital-craftsmen`),
    {
      name: '数字工匠产教融合联盟 (Digital Craftsmen Co-education Alliance)',
      secretariatOrganizationId: organizationIds['association-1']!,
      memberOrganizationIds: invited,
    },
    adminId,
  );
  for (const organizationId of invited) await answerInvitation(db, alliance.id, organizationId, 'accepted', adminId);

  const seeded: SeededUser[] = [];
  for (const { slug, organization, ...input } of users) {
    const id = nameBasedId(`${SEED}:user:${slug}`);
    // Rotate: revoke the previous run's token; registerUser makes the user, or finds it and issues anew.
    await revokeTokens(db, id);
    const { user, token } = await registerUser(db, id, { ...input, ...(organization ? { organizationId: organizationIds[organization]! } : {}) });
    // People sign in with a password (rotated like the token: the previous run's stops working).
    const password = user.roles.includes('exam_system') ? null : demoPassword();
    if (password) {
      const passwordHash = await hashPassword(password);
      await db.accountCredential.upsert({
        where: { userId: user.id },
        create: { userId: user.id, email: input.email.toLowerCase(), passwordHash, passwordChangedAt: new Date() },
        update: { email: input.email.toLowerCase(), passwordHash, passwordChangedAt: new Date() },
      });
      await revokeAllSessions(db, user.id);
    }
    seeded.push({ id: user.id, slug, name: user.name, roles: user.roles, organization, token: token.token!, email: input.email.toLowerCase(), password });
  }
  // The school coordinator links the student's guardian and the guardian confirms (the routes' code).
  const userId = (slug: string) => seeded.find((u) => u.slug === slug)!.id;
  const student = await studentOf(db, userId('student'));
  const link = await linkGuardian(db, nameBasedId(`${SEED}:guardian-link:student`), {
    student: student!,
    guardianUserId: userId('guardian'),
    relationship: 'parent',
    linkedBy: userId('school-coordinator'),
  });
  await confirmGuardianLink(db, link.id, userId('guardian'));
  const exams = await createServiceAccount(db, {
    id: nameBasedId(`${SEED}:service-account:exam-system`),
    organizationId: organizationIds['association-2']!,
    name: 'Exam system (service account)',
    scopes: ['certification:exam-results'],
    createdBy: 'seed',
  });
  // Overlap 0: the previous run's service token stops working, like the users' tokens.
  const serviceToken = await issueServiceToken(db, exams.id, 90 * 24 * 3600 * 1000, 0);
  return { allianceId: alliance.id, organizationIds, users: seeded, serviceAccount: { id: exams.id, name: exams.name, token: serviceToken.token } };
}

const shellName = (slug: string) => slug.toUpperCase().replace(/-/g, '_');

/**
 * `npm run --silent seed -- --env`: the seed as shell assignments, for `eval` (the README's quick start):
 * API, ALLIANCE_ID, ORG_<ORGANISATION>, USER_<PERSON> (ids) and TOKEN_<PERSON> (API tokens), e.g.
 * TOKEN_SECRETARIAT, ORG_SCHOOL_1. API is where this configuration's API listens (HTTP_HOST, HTTP_PORT):
 * run it with the same settings as `npm start`.
 */
export function seedEnvironment(result: SeedResult, api: string): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const lines = [`export API=${quote(api)}`, `export ALLIANCE_ID=${quote(result.allianceId)}`];
  for (const [slug, id] of Object.entries(result.organizationIds)) lines.push(`export ORG_${shellName(slug)}=${quote(id)}`);
  for (const user of result.users) {
    lines.push(`export USER_${shellName(user.slug)}=${quote(user.id)}`, `export TOKEN_${shellName(user.slug)}=${quote(user.token)}`);
  }
  lines.push(`export TOKEN_EXAM_SERVICE=${quote(result.serviceAccount.token)}`);
  return `${lines.join('\n')}\n`;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('seed', config.logLevel === 'info' ? 'warn' : config.logLevel);
  const embedded =
    config.database.embedded && !(await isListening(config.database.embeddedPort))
      ? await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log })
      : undefined;
  const db = createDatabase(config.database.url, { maxConnections: 2 });
  try {
    await migrate(config.database.migrationUrl, { log, grantTo: config.database.applicationRole });
    const result = await seed(db);
    const width = Math.max(...result.users.map((u) => u.slug.length));
    const emailWidth = Math.max(...result.users.map((u) => u.email.length));
    const api = `http://${config.http.host}:${config.http.port}`;
    const admin = result.users[0]!;
    if (process.argv.includes('--env')) {
      process.stdout.write(seedEnvironment(result, api));
      return;
    }
    const lines = [
      `Seeded alliance ${result.allianceId} with ${Object.keys(result.organizationIds).length} organisations and ${result.users.length} users.`,
      'Demo people: e-mail, password (sign in: POST /v1/session) and API token. Shown once; running the seed again rotates them:',
      '',
      ...result.users.map(
        (u) =>
          `  ${u.slug.padEnd(width)}  ${u.roles.join(',').padEnd(18)}  ${u.email.padEnd(emailWidth)}  ${(u.password ?? '(machine: token only)').padEnd(22)}  ${u.token}`,
      ),
      '',
      `Service account "${result.serviceAccount.name}" (scope certification:exam-results): ${result.serviceAccount.token}`,
      '',
      `Sign in:  curl -i -H 'content-type: application/json' -d '{"email":"${admin.email}","password":"${admin.password}"}' ${api}/v1/session`,
      `Or:       curl -H "Authorization: Bearer ${admin.token}" ${api}/v1/organizations`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await db.$disconnect();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const message =
        error instanceof ConfigError
          ? `invalid configuration: ${error.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`
          : error instanceof Error
            ? error.message
            : String(error);
      process.stderr.write(`seed: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
      process.exit(1);
    },
  );
}
