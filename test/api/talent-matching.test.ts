// Issue 18, part 2: talent matching, through the HTTP API with the worker running. Acceptance 3: a
// talent round of 50 certified people and 12 demands. Two holders are certified the whole way through
// the certification workflow (application, exam, formal review, panel, public notice); one of them then
// has the certificate revoked by the programme's secretariat. The other 48 certificates are issued by the
// certification issuing activity itself (signed, numbered, on the status list: the review skipped for
// speed), one of them expired. Every match respects the level filter, the domain and the demand's count;
// the revoked and the expired holders are excluded; the holders answer (accept, decline, or let the
// offer's deadline pass); the outcome report adds up; enterprises see only what holders consented to.
import type { CertificateLevel } from '../../core/talent-matching/input';
import { talentRoundWorkflowId } from '../../core/talent-matching/input';
import type { TalentRoundReport } from '../../core/talent-matching/messages';
import { levelRank } from '../../core/talent-matching/input';
import { roundViolations, sameDomain, type TalentRoundData, type TalentRoundResult } from '../../core/talent-matching/round';
import { reportDiscrepancies } from '../../workflows/talent-matching/state';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { apply, claimAndDecide, createCast, createProgramme, examResults, openTask, step, waitForStatus, withNewCandidate } from './certification-helpers';
import { certificateIssuer, consent, enterprise, type Enterprise, postDemand, talentBase } from './talent-matching-fixtures';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

const DOMAINS = ['artificial-intelligence', 'big-data', 'industrial-internet'] as const;

/** The whole certification workflow for one candidate of the cast, to the certificate's number. */
async function certifyThroughWorkflow(cast: Awaited<ReturnType<typeof createCast>>, programmeId: string): Promise<string> {
  const id = await apply(system, cast, programmeId);
  await waitForStatus(system, id, 'awaiting_exam', 120_000);
  expect((await examResults(system, cast, id)).status).toBe(200);
  const [formal, panel1, panel2] = cast.reviewers;
  await claimAndDecide(system, formal!, (await openTask(system, id, 'formal')).id, { decision: 'approve' });
  await waitForStatus(system, id, 'panel_review', 120_000);
  await claimAndDecide(system, panel1!, (await openTask(system, id, 'panel', 1)).id, { decision: 'approve' });
  await claimAndDecide(system, panel2!, (await openTask(system, id, 'panel', 2)).id, { decision: 'approve' });
  return (await waitForStatus(system, id, 'issued', 120_000)).certificate!.number;
}

test('acceptance 3: a round of 50 certified people and 12 demands respects the level filter and the counts, excludes a revoked certificate, and its report adds up', async () => {
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);

  // ---- Certificates: two through the certification workflow, 48 by the issuing activity.
  const cast = await createCast(system, 4);
  const programmeId = await createProgramme(system, cast, undefined, { domains: [...DOMAINS] });
  const second = await withNewCandidate(system, cast, 'Zhao Lei');
  const [keptNumber, revokedNumber] = await Promise.all([certifyThroughWorkflow(cast, programmeId), certifyThroughWorkflow(second, programmeId)]);
  const revoked = await step(system, cast.secretariat, `/v1/certificates/${revokedNumber}/revoke`, { reason: 'evidence found to be forged' });
  expect(revoked.status).toBe(200);
  const programme = await system.db.certificationProgramme.findUniqueOrThrow({ where: { id: programmeId } });
  const issue = certificateIssuer(system, {
    id: programme.id,
    name: programme.name,
    certificatePrefix: programme.certificatePrefix,
    secretariatOrganizationId: programme.secretariatOrganizationId,
  });
  const issued: { user: TestUser; domain: string; level: CertificateLevel; shares: string[] }[] = [];
  for (let i = 0; i < 48; i++) {
    const user = await createUser(system.db, {
      organizationId: cast.candidateOrganizationId,
      roles: ['candidate'],
      name: `Holder ${i + 1}`,
      email: `holder${i + 1}@example.com`,
    });
    const domain = DOMAINS[i % 3]!;
    const level: CertificateLevel = i < 24 ? 'junior' : i < 40 ? 'intermediate' : 'senior';
    // The last one's certificate ran out a year ago.
    if (i === 47) await issue(user, domain, level, new Date(Date.now() - 2 * 365 * 86_400_000), 'P1Y');
    else await issue(user, domain, level);
    issued.push({ user, domain, level, shares: i % 2 === 0 ? ['name', 'certificate_number'] : [] });
  }
  const expiredHolder = issued[47]!.user;
  // A certified person who never opts in is no holder of the base's.
  const bystander = await createUser(system.db, { organizationId: cast.candidateOrganizationId, roles: ['candidate'], name: 'Not opted in' });
  await issue(bystander, 'big-data', 'senior');

  // ---- The talent base, four enterprises, twelve demands.
  const enterprises: Enterprise[] = [];
  for (const name of ['Ningbo Smart Factory Co.', 'Hangzhou Data Valley Ltd', 'Yuyao Robotics Co.', 'Shaoxing Textile IoT Co.'])
    enterprises.push(await enterprise(system, name));
  const base = await talentBase(system, enterprises);
  const [e1, e2, e3, e4] = enterprises as [Enterprise, Enterprise, Enterprise, Enterprise];
  const demandSpecs: [Enterprise, string, CertificateLevel, number, string][] = [
    [e1, 'artificial-intelligence', 'junior', 3, 'Ningbo'],
    [e1, 'Artificial-Intelligence ', 'intermediate', 2, 'Hangzhou'],
    [e2, 'artificial-intelligence', 'senior', 1, 'Ningbo'],
    [e2, 'artificial-intelligence', 'junior', 2, 'Hangzhou'],
    [e3, 'big-data', 'junior', 4, 'Ningbo'],
    [e3, 'big-data', 'intermediate', 2, 'Hangzhou'],
    [e4, 'big-data', 'senior', 2, 'Ningbo'],
    [e4, 'industrial-internet', 'junior', 3, 'Hangzhou'],
    [e1, 'industrial-internet', 'intermediate', 3, 'Ningbo'],
    [e2, 'industrial-internet', 'senior', 1, 'Hangzhou'],
    [e3, 'quantum computing', 'junior', 2, 'Ningbo'],
    [e4, 'big-data', 'intermediate', 1, 'Shaoxing'],
  ];
  const demandIds: string[] = [];
  for (const [by, domain, level, count, location] of demandSpecs)
    demandIds.push(await postDemand(system, by, base.allianceId, { domain, level, count, location }));

  // ---- 50 holders opt in: even ones share their name and certificate number, odd ones nothing.
  const realHolders = [cast.candidate, second.candidate];
  for (const h of realHolders) await consent(system, h, base.allianceId, ['name', 'email']);
  for (const [i, h] of issued.entries()) await consent(system, h.user, base.allianceId, h.shares, i % 4 === 0 ? ['Ningbo'] : []);
  // Consent is append-only: not even the application's own role may rewrite it.
  await expect(system.db.talentConsent.updateMany({ where: { userId: issued[0]!.user.id }, data: { decision: 'withdrawn' } })).rejects.toThrow(/append-only/);

  // ---- The round.
  const started = await request(system.baseUrl, 'POST', '/v1/talent-rounds', {
    headers: base.staff.auth,
    body: { allianceId: base.allianceId, seed: 'acceptance-3', policy: { offerDeadline: 'PT20S' } },
  });
  expect(started.status).toBe(201);
  const roundId = started.body.id as string;
  const stored = await system.db.talentRound.findUniqueOrThrow({ where: { id: roundId } });
  const data = stored.input as unknown as TalentRoundData;
  const result = stored.result as unknown as TalentRoundResult;
  const violations = roundViolations(data, result);

  // Checked again here against the certificate and demand rows themselves.
  const offers = await system.db.talentOffer.findMany({ where: { roundId }, orderBy: { id: 'asc' } });
  const certificates = new Map((await system.db.certificate.findMany({ where: { id: { in: offers.map((o) => o.certificateId) } } })).map((c) => [c.id, c]));
  const demands = new Map((await system.db.talentDemand.findMany({ where: { id: { in: demandIds } } })).map((d) => [d.id, d]));
  for (const o of offers) {
    const c = certificates.get(o.certificateId)!;
    const d = demands.get(o.demandId)!;
    if (c.candidateUserId !== o.holderUserId) violations.push(`offer ${o.id}: certificate of someone else`);
    if (levelRank(c.level) < levelRank(d.level)) violations.push(`offer ${o.id}: ${c.level} below ${d.level}`);
    if (!sameDomain(c.domain, d.domain)) violations.push(`offer ${o.id}: ${c.domain} for ${d.domain}`);
    if (c.revokedAt !== null || c.validUntil.getTime() <= stored.asOf.getTime()) violations.push(`offer ${o.id}: certificate not valid`);
  }
  for (const d of demands.values()) if (offers.filter((o) => o.demandId === d.id).length > d.count) violations.push(`demand ${d.id} over its count`);
  const excludedIds = result.excluded.map((e) => e.userId);

  say(
    `holders ${stored.holders} (2 certified through the certification workflow, ${keptNumber} and ${revokedNumber} (then revoked); 48 issued by the issuing activity, 1 of them expired)`,
  );
  say(`candidates ${stored.candidates}, excluded ${stored.excluded}: ${JSON.stringify(result.excluded.map((e) => e.reason))}`);
  say(`demands ${stored.demands}, seats ${stored.seats}, matches ${stored.matched}`);
  say(`violations ${violations.length}`);
  expect(stored).toMatchObject({ holders: 50, candidates: 48, excluded: 2, demands: 12, seats: 26 });
  expect(excludedIds.sort()).toEqual([second.candidate.id, expiredHolder.id].sort());
  expect(result.excluded.find((e) => e.userId === second.candidate.id)!.reason).toBe('revoked');
  expect(offers.some((o) => o.holderUserId === second.candidate.id || o.holderUserId === expiredHolder.id || o.holderUserId === bystander.id)).toBe(false);
  expect(offers.length).toBe(stored.matched);
  expect(offers.length).toBeGreaterThan(15);
  expect(offers.filter((o) => o.domain === 'quantum computing')).toHaveLength(0);
  expect(violations).toEqual([]);

  // ---- What an enterprise sees: only what each holder consented to share.
  const seen = await request(system.baseUrl, 'GET', `/v1/talent-offers?roundId=${roundId}&limit=100`, { headers: e1.signatory.auth });
  expect(seen.status).toBe(200);
  const sharesOf = new Map<string, string[]>([
    ...issued.map((h) => [h.user.id, h.shares] as const),
    ...realHolders.map((h): [string, string[]] => [h.id, ['name', 'email']]),
  ]);
  const e1Offers = offers.filter((o) => o.organizationId === e1.id);
  expect(seen.body.items).toHaveLength(e1Offers.length);
  for (const item of seen.body.items as { id: string; holderUserId?: string; holder: Record<string, unknown> }[]) {
    expect(item.holderUserId).toBeUndefined();
    const holderId = e1Offers.find((o) => o.id === item.id)!.holderUserId;
    const allowed = sharesOf.get(holderId)!.map((s) => (s === 'certificate_number' ? 'certificateNumber' : s));
    expect(Object.keys(item.holder).every((k) => allowed.includes(k))).toBe(true);
    if (allowed.includes('name')) expect(item.holder.name).toBeDefined();
  }
  say(
    `enterprise ${e1.name} sees ${seen.body.items.length} offers; holder fields shown: ${JSON.stringify([...new Set((seen.body.items as { holder: object }[]).map((i) => Object.keys(i.holder).sort().join('+') || '(none)'))])}`,
  );
  // Another enterprise's staff and a stranger see none of them.
  expect((await request(system.baseUrl, 'GET', `/v1/talent-rounds/${roundId}`, { headers: bystander.auth })).status).toBe(404);

  // ---- The holders answer: accept, accept, decline, let it expire.
  const tokenOf = new Map<string, TestUser>([...issued.map((h) => [h.user.id, h.user] as const), ...realHolders.map((h) => [h.id, h] as const)]);
  const answerPath = (offerId: string, kind: string) => `/v1/talent-rounds/${roundId}/offers/${offerId}/${kind}`;
  const [first, secondOffer] = offers as [(typeof offers)[number], (typeof offers)[number]];
  const notMine = await request(system.baseUrl, 'POST', answerPath(first.id, 'accept'), { headers: tokenOf.get(secondOffer.holderUserId)!.auth });
  expect(notMine.status).toBe(403);
  let accepted = 0;
  let declined = 0;
  for (const [i, o] of offers.entries()) {
    if (i % 4 === 3) continue;
    const kind = i % 4 === 2 ? 'decline' : 'accept';
    const res = await request(system.baseUrl, 'POST', answerPath(o.id, kind), { headers: tokenOf.get(o.holderUserId)!.auth });
    expect(res.status).toBe(200);
    if (kind === 'accept') accepted++;
    else declined++;
  }
  const again = await request(system.baseUrl, 'POST', answerPath(first.id, 'accept'), { headers: tokenOf.get(first.holderUserId)!.auth });
  expect(again.body).toMatchObject({ alreadyDone: true, status: 'accepted' });
  expect((await request(system.baseUrl, 'POST', answerPath(first.id, 'decline'), { headers: tokenOf.get(first.holderUserId)!.auth })).status).toBe(409);
  const expired = offers.length - accepted - declined;
  say(`answers: ${accepted} accepted, ${declined} declined, ${expired} left to the deadline (PT20S)`);

  // ---- The deadline passes: the round closes with its report.
  const closed = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/talent-rounds/${roundId}`, { headers: base.staff.auth }),
    (r) => r.body.status === 'closed' && r.body.report !== null,
    { timeoutMs: 60_000 },
  );
  const report = closed.body.report as TalentRoundReport;
  const discrepancies = reportDiscrepancies(report);
  if (report.totals.filled !== accepted) discrepancies.push(`filled ${report.totals.filled} != accepted ${accepted}`);
  if (report.totals.declined !== declined) discrepancies.push(`declined ${report.totals.declined} != ${declined}`);
  if (report.totals.expired !== expired) discrepancies.push(`expired ${report.totals.expired} != ${expired}`);
  if (report.totals.seats !== stored.seats) discrepancies.push(`seats ${report.totals.seats} != ${stored.seats}`);
  const filledRows = (await system.db.talentDemand.findMany({ where: { id: { in: demandIds } } })).reduce((n, d) => n + d.filled, 0);
  if (filledRows !== accepted) discrepancies.push(`demands' filled seats ${filledRows} != accepted ${accepted}`);
  say(`report totals ${JSON.stringify(report.totals)}`);
  for (const l of report.byDomain)
    say(
      `  ${l.domain}: demands ${l.demands}, seats ${l.seats}, offered ${l.offered}, filled ${l.filled}, declined ${l.declined}, expired ${l.expired}, unfilled ${l.unfilled}`,
    );
  say(`report discrepancies ${discrepancies.length}`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  expect(discrepancies).toEqual([]);
  expect(report.byDomain.find((l) => l.domain === 'quantum computing')).toMatchObject({ seats: 2, filled: 0, unfilled: 2 });

  await saveHistory(system.client, talentRoundWorkflowId(roundId), 'fifty-holders-twelve-demands');
}, 600_000);

test('a withdrawn consent takes a holder out of matching; a round with nothing to offer closes at once with its seats unfilled', async () => {
  const factory = await enterprise(system, 'Beilun Robot Works');
  const base = await talentBase(system, [factory]);
  const demandId = await postDemand(system, factory, base.allianceId, { domain: 'robotics', level: 'junior', count: 1, location: 'Ningbo' });
  const cast = await createCast(system, 1);
  const programmeId = await createProgramme(system, cast, undefined, { domains: ['robotics'] });
  const programme = await system.db.certificationProgramme.findUniqueOrThrow({ where: { id: programmeId } });
  const holder = await createUser(system.db, { organizationId: cast.candidateOrganizationId, roles: ['candidate'], name: 'Changed mind' });
  await certificateIssuer(system, programme)(holder, 'robotics', 'senior');
  await consent(system, holder, base.allianceId, ['name']);
  await consent(system, holder, base.allianceId, [], [], 'withdrawn');
  const events = await request(system.baseUrl, 'GET', `/v1/talent-consents?allianceId=${base.allianceId}`, { headers: holder.auth });
  expect((events.body.items as { decision: string }[]).map((e) => e.decision)).toEqual(['withdrawn', 'granted']);

  const started = await request(system.baseUrl, 'POST', '/v1/talent-rounds', {
    headers: base.staff.auth,
    body: { allianceId: base.allianceId, policy: { offerDeadline: 'PT1H' } },
  });
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ holders: 0, candidates: 0, demands: 1, seats: 1, matched: 0 });
  const roundId = started.body.id as string;
  const closed = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/talent-rounds/${roundId}`, { headers: base.staff.auth }),
    (r) => r.body.status === 'closed' && r.body.report !== null,
    { timeoutMs: 20_000 },
  );
  const report = closed.body.report as TalentRoundReport;
  expect(report.totals).toMatchObject({ demands: 1, seats: 1, offered: 0, filled: 0, unfilled: 1 });
  expect(reportDiscrepancies(report)).toEqual([]);
  expect((await system.db.talentDemand.findUniqueOrThrow({ where: { id: demandId } })).status).toBe('open');
  // The enterprise's staff see no round they have no offer in.
  expect((await request(system.baseUrl, 'GET', `/v1/talent-rounds/${roundId}`, { headers: factory.signatory.auth })).status).toBe(404);

  await saveHistory(system.client, talentRoundWorkflowId(roundId), 'withdrawn-consent-nothing-offered');
}, 120_000);
