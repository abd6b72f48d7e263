// CertificationReview end to end over HTTP: apply -> eligibility -> exam -> formal review -> expert
// panel -> public notice -> certificate (acceptance 1), conflict of interest and four-eyes refused by the
// workflow (2), request changes -> resubmit -> approval and an objection holding issuance (4), and an
// appeal heard by a panel disjoint from the first (5).
import { gunzipSync } from 'node:zlib';
import { certificationWorkflowId } from '../../workflows/certification-review/contract';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  apply,
  type Cast,
  claimAndDecide,
  createCast,
  createProgramme,
  examResults,
  openTask,
  step,
  testPolicy,
  toPanel,
  view,
  waitForStatus,
  withNewCandidate,
} from './certification-helpers';

let system: TestSystem;
let shared: Cast;
let programmeId: string;

beforeAll(async () => {
  system = await startTestSystem();
  shared = await createCast(system);
  programmeId = await createProgramme(system, shared);
});
afterAll(async () => {
  await system?.stop();
});

test('acceptance 1: one application end to end to a certificate that verifies; one altered byte fails it; revocation shows', async () => {
  const cast = await withNewCandidate(system, shared);
  const id = await apply(system, cast, programmeId);
  const [r1, r2, r3] = cast.reviewers;
  const panel = await toPanel(system, cast, id, r1!);
  await claimAndDecide(system, r2!, panel[0]!.id, { decision: 'approve', comment: 'solid practical work' });
  await claimAndDecide(system, r3!, panel[1]!.id, { decision: 'approve' });
  // Quorum 2 of 3, simple majority: decided; the third seat is cancelled and the notice runs (PT2S).
  const noticed = await view(system, id);
  expect(noticed.status).toBe('public_notice');
  expect(noticed.tasks.find((t) => t.stage === 'panel' && t.seat === 3)?.status).toBe('cancelled');

  const issued = await waitForStatus(system, id, 'issued');
  const number = issued.certificate!.number;
  expect(number).toMatch(/^DTE-\d{4}-\d{6}$/);
  expect(new Date(issued.certificate!.validUntil).getTime()).toBeGreaterThan(new Date(issued.certificate!.validFrom).getTime());

  // Public verification, no token.
  const verified = await request(system.baseUrl, 'GET', `/v1/certificates/${number}/verify?recipientId=${cast.candidate.id}`);
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ number, status: 'valid', checks: { proof: { ok: true }, shape: { ok: true }, recipient: { matched: true } } });
  const credential = verified.body.credential;
  expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
  expect(credential.issuer.id).toMatch(/^did:key:z6Mk/);
  expect(credential.credentialSubject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true });
  expect(JSON.stringify(credential)).not.toContain(cast.candidate.id);
  expect(credential.credentialSubject.achievement.criteria.narrative).toContain('100 hours');
  expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'assertionMethod' });
  expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });

  // The presented credential verifies as it is; with one byte altered it does not.
  const presented = await request(system.baseUrl, 'POST', '/v1/certificates/verify', { body: { credential }, headers: cast.colleague.auth });
  expect(presented.body.status).toBe('valid');
  const text = JSON.stringify(credential);
  const at = text.indexOf('Digital Technology Engineer');
  const altered = JSON.parse(text.slice(0, at) + 'd' + text.slice(at + 1));
  const tampered = await request(system.baseUrl, 'POST', '/v1/certificates/verify', { body: { credential: altered }, headers: cast.colleague.auth });
  expect(tampered.status).toBe(200);
  expect(tampered.body).toMatchObject({ status: 'invalid', checks: { proof: { ok: false, reason: 'the signature does not match the credential' } } });
  // ...also when the stored copy itself is altered.
  const row = await system.db.certificate.findUniqueOrThrow({ where: { number } });
  await system.db.certificate.update({ where: { number }, data: { credential: { ...(row.credential as object), validUntil: '2099-01-01T00:00:00Z' } } });
  expect((await request(system.baseUrl, 'GET', `/v1/certificates/${number}/verify`)).body.status).toBe('invalid');
  await system.db.certificate.update({ where: { number }, data: { credential: row.credential as object } });
  expect((await request(system.baseUrl, 'GET', `/v1/certificates/${number}/verify`)).body.status).toBe('valid');

  // Revocation: only the programme's secretariat; then it verifies as revoked, also in the status list.
  const byCandidate = await step(system, cast.candidate, `/v1/certificates/${number}/revoke`, { reason: 'mine' });
  expect(byCandidate.status).toBe(403);
  const revoked = await step(system, cast.secretariat, `/v1/certificates/${number}/revoke`, { reason: 'evidence found to be forged' });
  expect(revoked.status).toBe(200);
  expect(revoked.body.status).toBe('revoked');
  const after = await request(system.baseUrl, 'GET', `/v1/certificates/${number}/verify`);
  expect(after.body).toMatchObject({
    status: 'revoked',
    checks: { proof: { ok: true }, revocation: { revoked: true, reason: 'evidence found to be forged' } },
  });
  const list = await request(system.baseUrl, 'GET', new URL(credential.credentialStatus.statusListCredential).pathname);
  expect(list.status).toBe(200);
  const bits = gunzipSync(Buffer.from(list.body.credentialSubject.encodedList.slice(1), 'base64url'));
  const index = Number(credential.credentialStatus.statusListIndex);
  expect(bits[index >> 3]! & (0x80 >> (index & 7))).not.toBe(0);
  expect((await step(system, cast.secretariat, `/v1/certificates/${number}/revoke`, { reason: 'again' })).body).toMatchObject({
    status: 'revoked',
    alreadyDone: true,
  });

  // Every step is in the hash-chained audit trail, and the chain verifies.
  const audit = await request(system.baseUrl, 'GET', `/v1/certification-applications/${id}/audit`, { headers: cast.candidate.auth });
  expect(audit.status).toBe(200);
  expect(audit.body.verification.valid).toBe(true);
  // Signed as they were appended (by the batched local activity too): every entry, with the issuer key.
  expect(audit.body.verification).toMatchObject({ proven: true, signatures: { unsigned: 0 } });
  expect(audit.body.entries.every((e: { signatureCheck: string }) => e.signatureCheck === 'valid')).toBe(true);
  expect(audit.body.entries.map((e: { step: string }) => e.step)).toEqual([
    'submitted',
    'eligibility_checked',
    'exam_results_recorded',
    'review_tasks_opened',
    'review_task_claimed',
    'review_decision',
    'review_tasks_opened',
    'review_task_claimed',
    'review_decision',
    'review_task_claimed',
    'review_decision',
    'review_tasks_cancelled',
    'notice_started',
    'notice_ended',
    'certificate_issued',
    'certificate_revoked',
  ]);
  const inbox = await eventually(
    () => system.db.notification.findMany({ where: { userId: cast.candidate.id, resourceId: id } }),
    (rows) => rows.some((n) => n.type === 'certification.revoked'),
  );
  expect(inbox.map((n) => n.type).sort()).toEqual(['certification.issued', 'certification.revoked']);
  await system.client.workflow.getHandle(certificationWorkflowId(id)).result();
  await saveHistory(system.client, certificationWorkflowId(id), 'issue-verify-revoke');
});

test("acceptance 2: a reviewer of the candidate's organisation cannot claim; the formal reviewer cannot sit on the panel", async () => {
  const cast = await withNewCandidate(system, shared);
  const id = await apply(system, cast, programmeId);
  await waitForStatus(system, id, 'awaiting_exam');
  await examResults(system, cast, id);
  // The same results again are harmless; other results for the same sitting are refused.
  expect((await examResults(system, cast, id)).body).toMatchObject({ alreadyDone: true, status: 'formal_review' });
  expect((await examResults(system, cast, id, 90, 90)).body).toMatchObject({ status: 422, refusal: 'InvalidStep' });
  const formal = await openTask(system, id, 'formal');
  // The pool already leaves them out...
  expect(formal.candidateUserIds).not.toContain(cast.colleague.id);
  expect(formal.candidateUserIds).not.toContain(cast.namedConflict.id);
  // ...a reviewer outside the programme's evaluation bodies cannot see the task at all (the 404 of an
  // unknown id, docs/authorization.md), and the workflow refuses a reviewer of the body by name even
  // when they know the task id.
  const colleague = await step(system, cast.colleague, `/v1/review-tasks/${formal.id}/claim`);
  expect(colleague.status).toBe(404);
  const named = await step(system, cast.namedConflict, `/v1/review-tasks/${formal.id}/claim`);
  expect(named.status).toBe(403);
  expect(named.body.detail).toBe('conflict of interest: the candidate declared a conflict of interest with this reviewer');

  const [r1, r2] = cast.reviewers;
  await claimAndDecide(system, r1!, formal.id, { decision: 'approve' });
  const panel = await openTask(system, id, 'panel', 1);
  expect(panel.candidateUserIds).not.toContain(r1!.id);
  const inbox = await request(system.baseUrl, 'GET', `/v1/review-tasks?applicationId=${id}`, { headers: r1!.auth });
  expect(inbox.body.items).toEqual([]);
  const again = await step(system, r1!, `/v1/review-tasks/${panel.id}/claim`);
  expect(again.status).toBe(403);
  expect(again.body).toMatchObject({ refusal: 'FourEyes', title: 'Four-eyes principle' });
  expect(again.body.detail).toMatch(/already acts on this application as the formal reviewer/);

  // One seat per person on the panel too.
  const claimed = await step(system, r2!, `/v1/review-tasks/${panel.id}/claim`);
  expect(claimed.status).toBe(200);
  const seat2 = await openTask(system, id, 'panel', 2);
  const second = await step(system, r2!, `/v1/review-tasks/${seat2.id}/claim`);
  expect(second.body).toMatchObject({ status: 403, refusal: 'FourEyes' });
  // A reviewer may not decide a task someone else holds, nor one they have not claimed.
  const notMine = await step(system, cast.reviewers[3]!, `/v1/review-tasks/${panel.id}/decision`, { decision: 'approve' });
  expect(notMine.body).toMatchObject({ status: 403, refusal: 'NotAssignee' });
  // Claiming twice is harmless.
  expect((await step(system, r2!, `/v1/review-tasks/${panel.id}/claim`)).body.alreadyDone).toBe(true);
});

test('acceptance 4: request changes -> resubmit -> approval; an objection during the notice holds issuance until resolved', async () => {
  const cast = await withNewCandidate(system, shared);
  const id = await apply(system, cast, programmeId);
  await waitForStatus(system, id, 'awaiting_exam');
  await examResults(system, cast, id);
  const [r1, r2, r3] = cast.reviewers;
  const formal = await openTask(system, id, 'formal');
  await claimAndDecide(system, r1!, formal.id, { decision: 'request_changes', points: ['Attach the signed training record', 'State the project role'] });
  const requested = await waitForStatus(system, id, 'changes_requested');
  expect(requested.changesRequested).toMatchObject({ stage: 'formal', by: r1!.id, points: ['Attach the signed training record', 'State the project role'] });
  const told = await eventually(
    () => system.db.notification.findFirst({ where: { userId: cast.candidate.id, resourceId: id, type: 'certification.changes_requested' } }),
    (n) => n !== null,
  );
  expect(told!.body).toContain('Attach the signed training record');

  // Only the candidate (or the applicant) resubmits; a coordinator who cannot read the application is told it does not exist.
  expect((await step(system, cast.coordinator, `/v1/certification-applications/${id}/resubmit`, { note: 'x' })).status).toBe(404);
  const resubmitted = await step(system, cast.candidate, `/v1/certification-applications/${id}/resubmit`, {
    note: 'Signed record attached; role: data pipeline lead',
    evidence: [{ name: 'Signed training record', reference: 'https://training.example.com/records/42/signed', sha256: 'b'.repeat(64) }],
  });
  expect(resubmitted.status).toBe(200);
  expect(resubmitted.body.status).toBe('formal_review');
  // The review resumes at the stage that asked, with a fresh task for the same seat (its reviewer).
  const fresh = await eventually(
    () => system.db.reviewTask.findFirst({ where: { applicationId: id, stage: 'formal', round: 2 } }),
    (t) => t !== null,
  );
  expect(fresh!.id).not.toBe(formal.id);
  expect(fresh!.assigneeUserId).toBe(r1!.id);
  const approved = await step(system, r1!, `/v1/review-tasks/${fresh!.id}/decision`, { decision: 'approve' });
  expect(approved.body.status).toBe('panel_review');

  const panel = await Promise.all([1, 2].map((seat) => openTask(system, id, 'panel', seat)));
  await claimAndDecide(system, r2!, panel[0]!.id, { decision: 'approve' });
  await claimAndDecide(system, r3!, panel[1]!.id, { decision: 'approve' });
  const noticed = await view(system, id);
  expect(noticed.status).toBe('public_notice');

  // An objection during the notice (any authenticated user; the candidate cannot object to themselves).
  expect((await step(system, cast.candidate, `/v1/certification-applications/${id}/objections`, { reason: 'no' })).status).toBe(403);
  const objection = await step(system, cast.colleague, `/v1/certification-applications/${id}/objections`, {
    reason: 'The project dates do not match our records',
  });
  expect(objection.status).toBe(201);
  const objectionId = objection.body.objectionId;
  // The notice ends (PT2S) but issuance waits for the objection.
  await eventually(
    () => view(system, id),
    (v) => v.notice?.ended === true,
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const held = await view(system, id);
  expect(held).toMatchObject({ status: 'public_notice', certificate: null });
  expect(held.objections).toEqual([expect.objectContaining({ objectionId, status: 'open' })]);
  // Late objections are refused; only the programme's secretariat resolves.
  const late = await step(system, cast.colleague, `/v1/certification-applications/${id}/objections`, { reason: 'late' });
  expect(late.body).toMatchObject({ status: 409, refusal: 'WindowClosed' });
  expect(
    (await step(system, r2!, `/v1/certification-applications/${id}/objections/${objectionId}/resolve`, { outcome: 'dismissed', reason: 'x' })).status,
  ).toBe(403);
  const dismissed = await step(system, cast.secretariat, `/v1/certification-applications/${id}/objections/${objectionId}/resolve`, {
    outcome: 'dismissed',
    reason: 'The employer confirmed the dates',
  });
  expect(dismissed.status).toBe(200);
  const issued = await waitForStatus(system, id, 'issued');
  expect(issued.objections[0]).toMatchObject({ status: 'dismissed', resolution: { by: cast.secretariat.id } });

  // The certificate is on the candidate's record: the next level's prerequisite is met, the same level is not open again.
  const next = await apply(system, cast, programmeId, { level: 'intermediate', trainingHours: 220 });
  const eligible = await waitForStatus(system, next, 'awaiting_exam');
  expect(eligible.eligibility).toMatchObject({ eligible: true, prerequisiteCertificate: issued.certificate!.number });
  const same = await apply(system, cast, programmeId);
  expect((await waitForStatus(system, same, 'rejected')).rejection!.reasons).toEqual([
    `the candidate already holds a valid junior certificate in artificial-intelligence (${issued.certificate!.number})`,
  ]);
  await saveHistory(system.client, certificationWorkflowId(id), 'changes-resubmit-objection-issue');
});

test('an upheld objection rejects the application', async () => {
  const cast = await withNewCandidate(system, shared);
  const id = await apply(system, cast, programmeId);
  const [r1, r2, r3] = cast.reviewers;
  const panel = await toPanel(system, cast, id, r1!);
  await claimAndDecide(system, r2!, panel[0]!.id, { decision: 'approve' });
  await claimAndDecide(system, r3!, panel[1]!.id, { decision: 'approve' });
  const objection = await step(system, cast.colleague, `/v1/certification-applications/${id}/objections`, { reason: 'Plagiarised project report' });
  const upheld = await step(system, cast.secretariat, `/v1/certification-applications/${id}/objections/${objection.body.objectionId}/resolve`, {
    outcome: 'upheld',
    reason: 'The report was copied',
  });
  expect(upheld.body.status).toBe('rejected');
  const rejected = await view(system, id);
  expect(rejected.rejection).toMatchObject({ kind: 'objection_upheld', reasons: ['The report was copied'] });
  expect(rejected.rejection!.appealableUntil).not.toBeNull();
});

test('acceptance 5: an appeal after rejection gets a panel disjoint from the first', async () => {
  const cast = await withNewCandidate(system, shared);
  const id = await apply(system, cast, programmeId);
  const [r1, r2, r3, r4, r5, r6] = cast.reviewers;
  const panel = await toPanel(system, cast, id, r1!);
  await claimAndDecide(system, r2!, panel[0]!.id, { decision: 'reject', reason: 'The practical project is too small' });
  // r4 claims seat 3 but does not vote: having held a seat, r4 is an earlier reviewer too.
  expect((await step(system, r4!, `/v1/review-tasks/${panel[2]!.id}/claim`)).status).toBe(200);
  await claimAndDecide(system, r3!, panel[1]!.id, { decision: 'reject', reason: 'Insufficient evidence of independent work' });
  const rejected = await view(system, id);
  expect(rejected.status).toBe('rejected');
  expect(rejected.rejection).toMatchObject({ kind: 'review', stage: 'panel' });
  expect(rejected.rejection!.reasons.sort()).toEqual(['Insufficient evidence of independent work', 'The practical project is too small']);
  await eventually(
    () => system.db.notification.findFirst({ where: { userId: cast.candidate.id, resourceId: id, type: 'certification.rejected' } }),
    (n) => n !== null,
  );

  expect((await step(system, cast.reviewers[0]!, `/v1/certification-applications/${id}/appeal`, { reason: 'x' })).status).toBe(403);
  const appealed = await step(system, cast.candidate, `/v1/certification-applications/${id}/appeal`, { reason: 'The project was reviewed at the wrong scale' });
  expect(appealed.status).toBe(200);
  expect(appealed.body.status).toBe('appeal_review');

  const appealTasks = await Promise.all([1, 2, 3].map((seat) => openTask(system, id, 'appeal_panel', seat)));
  const earlier = [r1!.id, r2!.id, r3!.id, r4!.id];
  for (const task of appealTasks) {
    expect(task.candidateUserIds.some((u) => earlier.includes(u))).toBe(false);
    expect(task.candidateUserIds.sort()).toEqual([r5!.id, r6!.id].sort());
  }
  for (const reviewer of [r1!, r2!, r4!]) {
    const refused = await step(system, reviewer, `/v1/review-tasks/${appealTasks[0]!.id}/claim`);
    expect(refused.body).toMatchObject({ status: 403, refusal: 'FourEyes' });
    expect(refused.body.detail).toMatch(/appeal is heard by a panel with none of the earlier reviewers/);
  }
  await claimAndDecide(system, r5!, appealTasks[0]!.id, { decision: 'approve' });
  await claimAndDecide(system, r6!, appealTasks[1]!.id, { decision: 'approve' });
  const issued = await waitForStatus(system, id, 'issued');
  const panelists = new Set(issued.tasks.filter((t) => t.stage === 'appeal_panel' && t.decision).map((t) => t.decision!.by));
  expect([...panelists].sort()).toEqual([r5!.id, r6!.id].sort());
  // A second appeal is not possible: the appeal panel's decision is final.
  expect((await step(system, cast.candidate, `/v1/certification-applications/${id}/appeal`, { reason: 'again' })).body.status).toBe(409);
  await saveHistory(system.client, certificationWorkflowId(id), 'panel-reject-appeal-issue');
});

test('eligibility: too few hours or a missing prerequisite rejects with the reasons; a failed exam rejects', async () => {
  const cast = await withNewCandidate(system, shared);
  const short = await apply(system, cast, programmeId, { trainingHours: 40 });
  const ineligible = await waitForStatus(system, short, 'rejected');
  expect(ineligible.rejection).toMatchObject({ kind: 'ineligible', appealableUntil: null });
  expect(ineligible.rejection!.reasons).toEqual(['40 training hours are fewer than the 100 the junior level requires']);
  expect(ineligible.closed).toBe(true);

  const senior = await apply(system, cast, programmeId, { level: 'intermediate', trainingHours: 250 });
  const missing = await waitForStatus(system, senior, 'rejected');
  expect(missing.rejection!.reasons).toEqual([
    'the intermediate level requires a valid junior certificate in artificial-intelligence, and the candidate holds none',
  ]);

  const failing = await apply(system, cast, programmeId);
  await waitForStatus(system, failing, 'awaiting_exam');
  expect(
    (await step(system, cast.candidate, `/v1/certification-applications/${failing}/exam-results`, { examId: 'x', theoryScore: 99, practicalScore: 99 })).status,
  ).toBe(403);
  const failed = await examResults(system, cast, failing, 58, 90);
  expect(failed.body.status).toBe('rejected');
  expect((await view(system, failing)).rejection).toMatchObject({ kind: 'exam_failed', reasons: ['theory score 58 is below the pass mark 60'] });
  // The application is closed: once its workflow has ended, a further step is refused with the reason.
  await system.client.workflow.getHandle(certificationWorkflowId(failing)).result();
  const closed = await examResults(system, cast, failing, 70, 90);
  expect(closed.status).toBe(409);
  expect(closed.body.detail).toBe('The application is closed (rejected): no further step is possible.');
});

test('programmes: validated configuration; an application must fit its programme', async () => {
  const cast = shared;
  const bad = await request(system.baseUrl, 'POST', '/v1/certification-programmes', {
    headers: cast.secretariat.auth,
    body: {
      id: 'bad-programme',
      name: 'Bad',
      certificatePrefix: 'BAD',
      domains: ['x'],
      policy: testPolicy({ panel: { size: 2, quorum: 3 }, durations: { noticePeriod: '5 days' } }),
    },
  });
  expect(bad.status).toBe(400);
  const paths = bad.body.errors.map((e: { path: string }) => e.path);
  expect(paths).toEqual(expect.arrayContaining(['/policy/panel/quorum', '/policy/durations/noticePeriod']));

  const other = await request(system.baseUrl, 'POST', '/v1/certification-programmes', {
    headers: cast.secretariat.auth,
    body: {
      id: 'other-programme',
      name: 'Other',
      certificatePrefix: 'OTH',
      domains: ['x'],
      secretariatOrganizationId: cast.evaluationOrganizationId,
      policy: testPolicy(),
    },
  });
  expect(other.status).toBe(403);

  const read = await request(system.baseUrl, 'GET', `/v1/certification-programmes/${programmeId}`, { headers: cast.candidate.auth });
  expect(read.body).toMatchObject({ id: programmeId, secretariatOrganizationId: cast.secretariatOrganizationId, policy: { panel: { size: 3, quorum: 2 } } });

  const wrongDomain = await request(system.baseUrl, 'POST', '/v1/certification-applications', {
    headers: cast.candidate.auth,
    body: { programmeId, domain: 'cooking', level: 'junior', trainingHours: 120 },
  });
  expect(wrongDomain.status).toBe(422);
  expect(wrongDomain.body.errors[0].path).toBe('/domain');
  const senior = await request(system.baseUrl, 'POST', '/v1/certification-applications', {
    headers: cast.candidate.auth,
    body: { programmeId, domain: 'big-data', level: 'senior', trainingHours: 120 },
  });
  expect(senior.status).toBe(422);
});
