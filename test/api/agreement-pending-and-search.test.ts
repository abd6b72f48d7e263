// Issue 22, item 7: a launch naming a party nobody may act for is refused (422 naming each) unless the
// request allows it; the list shows each agreement's pending parties, filters what waits for the caller
// (pendingFor=me|myOrganization) and searches titles (q=, literally, Chinese included, indexed).
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { admitMembers } from '../support/alliance-members';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { type AllianceFixture, allianceFixture, launch, launchBody, type OrganizationParty, organizationParty, read, step } from './agreement-fixtures';

let system: TestSystem;
let alliance: AllianceFixture;
let school: OrganizationParty;
let enterprise: OrganizationParty;
let schoolMentor: TestUser;
let enterpriseMentor: TestUser;
let noUsers: string;
let mentorsOnly: string;
let formerSignatory: string;

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system);
  [school, enterprise] = await Promise.all([
    organizationParty(system, 'secondary_vocational_school', 'Vocational School No. 3'),
    organizationParty(system, 'enterprise', 'Smart Sensors Ltd'),
  ]);
  schoolMentor = await createUser(system.db, { organizationId: school.organizationId, roles: ['mentor'] });
  enterpriseMentor = await createUser(system.db, { organizationId: enterprise.organizationId, roles: ['mentor'] });
  noUsers = (await createOrganization(system.db, 'government', 'Bureau without users')).id;
  mentorsOnly = (await createOrganization(system.db, 'industrial_park', 'Park without a signatory')).id;
  await createUser(system.db, { organizationId: mentorsOnly, roles: ['mentor'] });
  formerSignatory = (await createOrganization(system.db, 'enterprise', 'Enterprise whose signatory left')).id;
  const left = await createUser(system.db, { organizationId: formerSignatory, roles: ['signatory'] });
  await system.db.user.update({ where: { id: left.id }, data: { active: false } });
  await admitMembers(system.db, alliance.allianceId, [school.organizationId, enterprise.organizationId, noUsers, mentorsOnly, formerSignatory]);
});
afterAll(async () => {
  await system?.stop();
});

const party = (partyId: string, organizationId: string, routingGroup = 1, role = 'signer') => ({
  partyId,
  displayName: partyId,
  role,
  routingGroup,
  organizationId,
});

function unreachableLaunch(extra: Record<string, unknown> = {}) {
  return {
    ...launchBody(alliance, [
      party('school', school.organizationId),
      party('bureau', noUsers),
      party('park', mentorsOnly, 2),
      party('former', formerSignatory, 2),
      // A copy needs nobody to act: never unreachable.
      party('observer', noUsers, 2, 'cc'),
    ]),
    ...extra,
  };
}

test('a launch naming organisations without an active signatory is refused with 422 naming each, and starts nothing', async () => {
  const before = await system.db.agreement.count();
  const refused = await request(system.baseUrl, 'POST', '/v1/agreements', { body: unreachableLaunch(), headers: alliance.secretariat.auth });
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({
    type: 'https://allianceflow.dev/problems/unreachable-party',
    title: 'Party nobody can act for',
    detail: expect.stringContaining('bureau, park, former'),
    unreachableParties: [
      { partyId: 'bureau', organizationId: noUsers, userId: null },
      { partyId: 'park', organizationId: mentorsOnly, userId: null },
      { partyId: 'former', organizationId: formerSignatory, userId: null },
    ],
  });
  expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
    '/parties/1/organizationId',
    '/parties/2/organizationId',
    '/parties/3/organizationId',
  ]);
  expect(refused.body.errors[0].message).toBe(`nobody may act for party bureau: it needs an active user of organisation ${noUsers} with the signatory role`);
  expect(await system.db.agreement.count()).toBe(before);

  const chinese = await request(system.baseUrl, 'POST', '/v1/agreements', {
    body: unreachableLaunch(),
    headers: { ...alliance.secretariat.auth, 'accept-language': 'zh-CN' },
  });
  expect(chinese.status).toBe(422);
  expect(chinese.body).toMatchObject({ title: '参与方无人可以处理', detail: expect.stringContaining('参与方 bureau, park, former 无人可以签署') });
  console.log(
    `422 ${JSON.stringify({ title: refused.body.title, detail: refused.body.detail, unreachableParties: refused.body.unreachableParties.map((p: { partyId: string }) => p.partyId) })}`,
  );
});

test('with allowUnreachableParties: true the launch proceeds and its answer names the unreachable parties', async () => {
  const launched = await request(system.baseUrl, 'POST', '/v1/agreements', {
    body: unreachableLaunch({ allowUnreachableParties: true }),
    headers: alliance.secretariat.auth,
  });
  expect(launched.status).toBe(201);
  expect(launched.body.status).toBe('in_progress');
  expect(launched.body.unreachableParties.map((p: { partyId: string }) => p.partyId)).toEqual(['bureau', 'park', 'former']);
  expect(launched.body.warnings).toHaveLength(3);
  expect(launched.body.warnings[0]).toContain('nobody may act for party bureau');
  console.log(
    `201 ${JSON.stringify({ unreachableParties: launched.body.unreachableParties.map((p: { partyId: string }) => p.partyId), warnings: launched.body.warnings.length })}`,
  );

  // Every party reachable: the answer says so with empty lists.
  const fine = await launch(system, alliance, launchBody(alliance, [party('school', school.organizationId)]));
  expect(fine).toMatchObject({ unreachableParties: [], warnings: [] });
});

test('the list shows pending parties; pendingFor=me follows who may sign (delegation included), myOrganization any user of the organisation', async () => {
  const a = await launch(
    system,
    alliance,
    launchBody(alliance, [party('school', school.organizationId, 1), party('enterprise', enterprise.organizationId, 2)], { title: 'Pending A: school first' }),
  );
  const b = await launch(
    system,
    alliance,
    launchBody(alliance, [party('enterprise', enterprise.organizationId, 1), party('school', school.organizationId, 2)], {
      title: 'Pending B: enterprise first',
    }),
  );
  const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((i) => i.id).filter((id) => id === a.id || id === b.id);
  const list = (who: TestUser, query: string) => read(system, who, `/v1/agreements?limit=100&${query}`);

  const all = await list(school.signatory, '');
  expect(all.status).toBe(200);
  const itemA = all.body.items.find((i: { id: string }) => i.id === a.id);
  expect(itemA.pendingParties).toEqual([
    { partyId: 'school', displayName: 'school', role: 'signer', kind: 'organization', organizationId: school.organizationId, userId: null, delegatedTo: null },
  ]);
  expect(all.body.items.find((i: { id: string }) => i.id === b.id).pendingParties.map((p: { partyId: string }) => p.partyId)).toEqual(['enterprise']);

  expect(ids(await list(school.signatory, 'pendingFor=me'))).toEqual([a.id]);
  expect(ids(await list(enterprise.signatory, 'pendingFor=me'))).toEqual([b.id]);
  // A mentor may not sign for the school: nothing waits for them, though something waits for their organisation.
  expect(ids(await list(schoolMentor, 'pendingFor=me'))).toEqual([]);
  expect(ids(await list(schoolMentor, 'pendingFor=myOrganization'))).toEqual([a.id]);
  expect(ids(await list(alliance.secretariat, 'pendingFor=me'))).toEqual([]);
  expect(ids(await list(alliance.secretariat, ''))).toEqual([b.id, a.id]);

  // Delegated: only the delegate may act, so B now waits for them and no longer for the signatory.
  const delegated = await step(system, enterprise.signatory, b.id, 'delegate', { partyId: 'enterprise', toUserId: enterpriseMentor.id });
  expect(delegated.status).toBe(200);
  await eventually(
    () => system.db.agreementParty.findUnique({ where: { agreementId_partyId: { agreementId: b.id, partyId: 'enterprise' } } }),
    (p) => p?.delegatedToUserId === enterpriseMentor.id,
  );
  expect(ids(await list(enterpriseMentor, 'pendingFor=me'))).toEqual([b.id]);
  expect(ids(await list(enterprise.signatory, 'pendingFor=me'))).toEqual([]);
  expect(ids(await list(enterprise.signatory, 'pendingFor=myOrganization'))).toEqual([b.id]);
  console.log(`pendingFor: school signatory ${JSON.stringify(ids(await list(school.signatory, 'pendingFor=me')).map((id) => (id === a.id ? 'A' : 'B')))}`);

  expect((await list(school.signatory, 'pendingFor=everyone')).status).toBe(400);
});

test('q= searches titles case-insensitively and literally (% and _ are characters), Chinese titles included', async () => {
  const titles = ['数字工匠联盟章程 2026', '产教融合合作备忘录', 'Precision 50% discount memorandum', 'Precision 500 memorandum', 'Co_education plan'];
  const launched = new Map<string, string>();
  for (const title of titles)
    launched.set((await launch(system, alliance, launchBody(alliance, [party('school', school.organizationId)], { title }))).id, title);
  const search = async (q: string) => {
    const response = await read(system, alliance.secretariat, `/v1/agreements?limit=100&q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    return response.body.items.map((i: { id: string }) => launched.get(i.id)).filter((t: string | undefined) => t !== undefined);
  };
  expect(await search('工匠联盟')).toEqual(['数字工匠联盟章程 2026']);
  expect(await search('备忘')).toEqual(['产教融合合作备忘录']);
  expect(await search('precision 50')).toEqual(['Precision 500 memorandum', 'Precision 50% discount memorandum']);
  expect(await search('50%')).toEqual(['Precision 50% discount memorandum']);
  expect(await search('%')).toEqual(['Precision 50% discount memorandum']);
  expect(await search('o_e')).toEqual(['Co_education plan']);
  expect(await search('_')).toEqual(['Co_education plan']);
  expect(await search("x' OR '1'='1")).toEqual([]);
  expect(await search('\\')).toEqual([]);
  console.log(`q=工匠联盟 → ${JSON.stringify(await search('工匠联盟'))}; q=% → ${JSON.stringify(await search('%'))}`);

  // The search is served by the trigram index (with sequential scans off, the planner can use it).
  const plan = await system.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
    return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN SELECT id FROM agreements WHERE title ILIKE '%工匠联盟%'`);
  });
  const lines = plan.map((row) => row['QUERY PLAN']).join('\n');
  expect(lines).toContain('agreements_title_idx');
  console.log(lines);
});

test("field messages (errors[]) follow Accept-Language: zod's in its zh-CN locale, ours from the catalogue; English by default", async () => {
  const body = { ...launchBody(alliance, [party('school', school.organizationId)], { policy: { deadline: 'two weeks' } }), title: 7 };
  const zh = await request(system.baseUrl, 'POST', '/v1/agreements', { body, headers: { ...alliance.secretariat.auth, 'accept-language': 'zh-CN,en;q=0.5' } });
  expect(zh.status).toBe(400);
  expect(zh.headers.get('content-language')).toBe('zh-CN');
  expect(zh.body.title).toBe('请求无效');
  expect(zh.body.errors).toEqual(
    expect.arrayContaining([
      { path: '/title', message: '无效输入：期望 string，实际接收 数字' },
      { path: '/policy/deadline', message: '必须是 ISO 8601 时长，例如 P5D 或 PT2H' },
    ]),
  );
  console.log(`zh-CN errors: ${JSON.stringify(zh.body.errors)}`);
  const en = await request(system.baseUrl, 'POST', '/v1/agreements', { body, headers: alliance.secretariat.auth });
  expect(en.body.errors).toEqual(
    expect.arrayContaining([
      { path: '/title', message: 'Invalid input: expected string, received number' },
      { path: '/policy/deadline', message: 'must be an ISO 8601 duration such as P5D or PT2H' },
    ]),
  );
});
