// The pure rules of AgreementSigning (workflows/agreement-signing/state.ts): routing, turns, refusals,
// repeats, decline, delegation, void, amend, timers and the seal.
import type { Actor, AgreementSigningInput, ResolvedParty, SigningPolicy } from '../../workflows/agreement-signing/contract';
import { computeSeal } from '../../core/agreement-signing/seal';
import { type AgreementState, currentStage, initialState, markInvited, partiesToInvite } from '../../workflows/agreement-signing/state';
import {
  amend,
  approve,
  checkAmend,
  checkApprove,
  checkDecline,
  checkDelegate,
  checkSign,
  checkVoid,
  decline,
  delegate,
  sign,
  voidAgreement,
} from '../../workflows/agreement-signing/steps';
import { checkDeadline } from '../../workflows/agreement-signing/who-may-act';
import { expire, nextReminderAt, nextTimer, recordExpiryWarning, recordReminder } from '../../workflows/agreement-signing/timers';
import { signatureRecords } from '../../workflows/agreement-signing/completion';
import { toStatusView } from '../../workflows/agreement-signing/status-view';

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);
const T0 = new Date('2026-03-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const org = (partyId: string, routingGroup: number, role: ResolvedParty['role'] = 'signer'): ResolvedParty => ({
  partyId,
  displayName: partyId,
  role,
  routingGroup,
  kind: 'organization',
  userId: null,
  organizationId: `org-${partyId}`,
});
const user = (partyId: string, routingGroup: number, organizationId: string | null = null): ResolvedParty => ({
  partyId,
  displayName: partyId,
  role: 'signer',
  routingGroup,
  kind: 'user',
  userId: `user-${partyId}`,
  organizationId,
});

const signatory = (partyId: string, userId = `signatory-${partyId}`): Actor => ({ userId, organizationId: `org-${partyId}`, roles: ['signatory'] });
const secretariat: Actor = { userId: 'sec-1', organizationId: 'org-secretariat', roles: ['secretariat'] };

function launch(parties: ResolvedParty[], policy: Partial<SigningPolicy> = {}): AgreementState {
  const input: AgreementSigningInput = {
    agreementId: 'agr-1',
    allianceId: 'alliance-1',
    secretariatOrganizationId: 'org-secretariat',
    launchedBy: 'sec-1',
    title: 'Memorandum',
    kind: 'cooperation_memorandum',
    document: { text: 'text' },
    documentSha256: HASH,
    parties,
    policy: { deadline: 'P30D', ...policy },
  };
  return initialState(input, T0);
}

const stateOf = (s: AgreementState, partyId: string) => s.parties.find((p) => p.partyId === partyId)!.state;

describe('routing', () => {
  test('groups run in ascending order; members of a group act in parallel', () => {
    let s = launch([org('b1', 2), org('a1', 1), org('a2', 1), org('b2', 2)]);
    expect(currentStage(s)).toEqual({ group: 1, phase: 'signature' });
    expect(['a1', 'a2', 'b1', 'b2'].map((p) => stateOf(s, p))).toEqual(['pending', 'pending', 'waiting', 'waiting']);
    s = sign(s, { actor: signatory('a2'), partyId: 'a2', documentSha256: HASH }, at(1));
    expect(currentStage(s)?.group).toBe(1);
    s = sign(s, { actor: signatory('a1'), partyId: 'a1', documentSha256: HASH }, at(2));
    expect(currentStage(s)).toEqual({ group: 2, phase: 'signature' });
    expect(['b1', 'b2'].map((p) => stateOf(s, p))).toEqual(['pending', 'pending']);
    expect(s.stage).toMatchObject({ key: '1/2/signature', openedAt: at(2).toISOString(), remindersSent: 0 });
  });

  test('an approver must approve before the signers of its group may sign', () => {
    let s = launch([org('sig', 1), org('appr', 1, 'approver'), org('later', 2)]);
    expect(currentStage(s)).toEqual({ group: 1, phase: 'approval' });
    expect(stateOf(s, 'sig')).toBe('waiting');
    expect(checkSign(s, { actor: signatory('sig'), partyId: 'sig', documentSha256: HASH })).toMatchObject({
      type: 'NotYourTurn',
      message: expect.stringContaining('approvers of routing group 1'),
    });
    s = approve(s, { actor: signatory('appr'), partyId: 'appr', documentSha256: HASH }, at(1));
    expect(stateOf(s, 'appr')).toBe('approved');
    expect(stateOf(s, 'sig')).toBe('pending');
    expect(checkSign(s, { actor: signatory('sig'), partyId: 'sig', documentSha256: HASH })).toBeNull();
  });

  test('cc parties get their copy when routing reaches their group and never block it', () => {
    let s = launch([org('a', 1), org('copy1', 1, 'cc'), org('copy2', 2, 'cc'), org('b', 3)]);
    expect(stateOf(s, 'copy1')).toBe('notified');
    expect(stateOf(s, 'copy2')).toBe('waiting');
    expect(partiesToInvite(s).map((p) => p.partyId)).toEqual(['a', 'copy1']);
    s = markInvited(s, ['a', 'copy1']);
    expect(partiesToInvite(s)).toEqual([]);
    s = sign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(1));
    expect(currentStage(s)?.group).toBe(3);
    expect(stateOf(s, 'copy2')).toBe('notified');
    expect(partiesToInvite(s).map((p) => p.partyId)).toEqual(['copy2', 'b']);
  });

  test('the last signature makes the agreement effective, with effective-until and the renewal reminder', () => {
    let s = launch([org('a', 1)], { effectiveFor: 'P1Y', renewalReminderBefore: 'P1M' });
    s = sign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(10));
    expect(s).toMatchObject({
      status: 'effective',
      stage: null,
      effectiveAt: at(10).toISOString(),
      effectiveUntil: '2027-03-01T00:00:10.000Z',
      renewalReminderAt: '2027-02-01T00:00:10.000Z',
    });
    expect(nextTimer(s)).toEqual({ kind: 'renewal_reminder', at: '2027-02-01T00:00:10.000Z' });
  });
});

describe('refusals: who, turn, hash, state', () => {
  const s = launch([org('a', 1), org('b', 2), user('u', 2, 'org-u')]);

  test('who: only a signatory of the party organisation, or the user of a user party', () => {
    expect(checkSign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH })).toBeNull();
    expect(checkSign(s, { actor: { ...signatory('a'), roles: ['mentor'] }, partyId: 'a', documentSha256: HASH })).toMatchObject({
      type: 'NotAuthorized',
      message: 'only a signatory of organisation org-a may act for party a',
    });
    expect(checkSign(s, { actor: signatory('b'), partyId: 'a', documentSha256: HASH })?.type).toBe('NotAuthorized');
    expect(checkSign(s, { actor: { userId: 'someone', organizationId: 'org-u', roles: ['signatory'] }, partyId: 'u', documentSha256: HASH })).toMatchObject({
      type: 'NotAuthorized',
      message: 'only user user-u may act for party u',
    });
    expect(checkSign(s, { actor: signatory('a'), partyId: 'nobody', documentSha256: HASH })?.type).toBe('UnknownParty');
  });

  test('turn: a later group waits for the earlier one', () => {
    expect(checkSign(s, { actor: signatory('b'), partyId: 'b', documentSha256: HASH })).toEqual({
      type: 'NotYourTurn',
      message: 'party b acts in routing group 2; group 1 has not finished (waiting for a)',
    });
  });

  test("hash: the acknowledged hash must be the current version's", () => {
    expect(checkSign(s, { actor: signatory('a'), partyId: 'a', documentSha256: OTHER_HASH })).toMatchObject({
      type: 'DocumentHashMismatch',
      message: expect.stringContaining(`is not the hash of version 1 (${HASH})`),
    });
  });

  test('role: an approver approves, a signer signs, a cc does neither', () => {
    const withRoles = launch([org('s', 1), org('ap', 1, 'approver'), org('c', 1, 'cc')]);
    expect(checkSign(withRoles, { actor: signatory('ap'), partyId: 'ap', documentSha256: HASH })?.type).toBe('InvalidStep');
    expect(checkApprove(withRoles, { actor: signatory('s'), partyId: 's', documentSha256: HASH })?.type).toBe('InvalidStep');
    expect(checkSign(withRoles, { actor: signatory('c'), partyId: 'c', documentSha256: HASH })?.message).toBe('party c is a cc: it cannot sign');
  });

  test('state: nothing after the agreement closed; a repeat of a completed step is harmless', () => {
    const signed = sign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(1));
    expect(checkSign(signed, { actor: signatory('a'), partyId: 'a', documentSha256: HASH })).toMatchObject({
      type: 'AlreadyDone',
      result: { partyId: 'a', step: 'sign', alreadyDone: true, status: 'in_progress', currentRoutingGroup: 2 },
    });
    const declined = decline(signed, { actor: signatory('b'), partyId: 'b', reason: 'no budget' }, at(2));
    expect(checkSign(declined, { actor: { userId: 'user-u', organizationId: 'org-u', roles: [] }, partyId: 'u', documentSha256: HASH })).toMatchObject({
      type: 'AgreementClosed',
      message: `the agreement was declined at ${at(2).toISOString()}; no further steps are possible`,
    });
    // The party that signed before the decline still gets "already done" for its repeat.
    expect(checkSign(declined, { actor: signatory('a'), partyId: 'a', documentSha256: HASH })?.type).toBe('AlreadyDone');
  });
});

describe('decline, delegate, void, amend', () => {
  test('a decline needs a reason and ends the agreement at once, for everyone', () => {
    let s = launch(Array.from({ length: 31 }, (_, i) => org(`p${i}`, 1)));
    expect(checkDecline(s, { actor: signatory('p3'), partyId: 'p3', reason: '  ' })?.type).toBe('InvalidStep');
    s = decline(s, { actor: signatory('p3'), partyId: 'p3', reason: 'terms unacceptable' }, at(5));
    expect(s.status).toBe('declined');
    expect(s.outcome).toEqual({ step: 'declined', by: 'signatory-p3', at: at(5).toISOString(), reason: 'terms unacceptable', partyId: 'p3' });
    for (let i = 0; i < 31; i++) {
      if (i === 3) continue;
      expect(checkSign(s, { actor: signatory(`p${i}`), partyId: `p${i}`, documentSha256: HASH })?.type).toBe('AgreementClosed');
    }
    expect(checkDecline(s, { actor: signatory('p3'), partyId: 'p3', reason: 'again' })?.type).toBe('AlreadyDone');
    expect(nextTimer(s)).toBeNull();
  });

  test('a party that signed can no longer decline', () => {
    const s = sign(launch([org('a', 1), org('b', 1)]), { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(1));
    expect(checkDecline(s, { actor: signatory('a'), partyId: 'a', reason: 'changed my mind' })).toMatchObject({
      type: 'InvalidStep',
      message: 'party a already signed version 1; it can no longer decline',
    });
  });

  test('delegation stays within the party organisation; then only the delegate acts', () => {
    let s = launch([org('a', 1)]);
    const to = { userId: 'colleague', organizationId: 'org-a', name: 'Colleague' };
    expect(checkDelegate(s, { actor: signatory('a'), partyId: 'a', to: { ...to, organizationId: 'org-x' } })).toMatchObject({
      type: 'InvalidStep',
      message: 'a delegate must belong to organisation org-a, the organisation of party a',
    });
    expect(checkDelegate(s, { actor: signatory('a'), partyId: 'a', to })).toBeNull();
    s = delegate(s, { actor: signatory('a'), partyId: 'a', to, reason: 'on leave' }, at(1));
    expect(s.delegations).toEqual([
      { partyId: 'a', sequence: 1, version: 1, from: 'signatory-a', to: 'colleague', toName: 'Colleague', reason: 'on leave', at: at(1).toISOString() },
    ]);
    expect(checkDelegate(s, { actor: { userId: 'colleague', organizationId: 'org-a', roles: [] }, partyId: 'a', to })?.type).toBe('AlreadyDone');
    expect(checkSign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH })).toMatchObject({
      type: 'NotAuthorized',
      message: 'only Colleague (user colleague), to whom it was delegated, may act for party a',
    });
    const delegateActor = { userId: 'colleague', organizationId: 'org-a', roles: [] };
    expect(checkSign(s, { actor: delegateActor, partyId: 'a', documentSha256: HASH })).toBeNull();
    s = sign(s, { actor: delegateActor, partyId: 'a', documentSha256: HASH }, at(2));
    expect(signatureRecords(s)).toEqual([
      {
        partyId: 'a',
        role: 'signer',
        step: 'signed',
        actedBy: 'colleague',
        onBehalfOf: 'org-a',
        delegated: true,
        documentSha256: HASH,
        at: at(2).toISOString(),
      },
    ]);
  });

  test('a user party without an organisation cannot delegate', () => {
    const s = launch([user('u', 1)]);
    expect(
      checkDelegate(s, { actor: { userId: 'user-u', organizationId: null, roles: [] }, partyId: 'u', to: { userId: 'x', organizationId: null, name: 'X' } })
        ?.type,
    ).toBe('InvalidStep');
  });

  test('void: the alliance secretariat only, with a reason; a repeat is harmless', () => {
    let s = launch([org('a', 1)]);
    expect(checkVoid(s, { actor: signatory('a'), reason: 'x' })?.type).toBe('NotAuthorized');
    expect(checkVoid(s, { actor: { ...secretariat, organizationId: 'another-secretariat' }, reason: 'x' })?.type).toBe('NotAuthorized');
    expect(checkVoid(s, { actor: secretariat, reason: 'wrong parties' })).toBeNull();
    s = voidAgreement(s, { actor: secretariat, reason: 'wrong parties' }, at(3));
    expect(s.status).toBe('voided');
    expect(checkVoid(s, { actor: secretariat, reason: 'again' })?.type).toBe('AlreadyDone');
    expect(checkSign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH })?.type).toBe('AgreementClosed');
  });

  test('amend: a new version resets every signature and restarts routing; the versions are kept', () => {
    let s = launch([org('a', 1), org('b', 1), org('c', 2)]);
    s = sign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(1));
    s = sign(s, { actor: signatory('b'), partyId: 'b', documentSha256: HASH }, at(2));
    s = markInvited(s, ['a', 'b', 'c']);
    expect(currentStage(s)?.group).toBe(2);
    expect(checkAmend(s, { actor: signatory('a'), document: { text: 'v2' }, documentSha256: OTHER_HASH })?.type).toBe('NotAuthorized');
    expect(checkAmend(s, { actor: secretariat, document: { text: 'v1' }, documentSha256: HASH })?.type).toBe('AlreadyDone');
    s = amend(s, { actor: secretariat, document: { text: 'v2' }, documentSha256: OTHER_HASH, note: 'fixed clause 3' }, at(3));
    expect(s).toMatchObject({ version: 2, documentSha256: OTHER_HASH, status: 'in_progress' });
    expect(s.versions.map((v) => [v.version, v.documentSha256, v.note])).toEqual([
      [1, HASH, null],
      [2, OTHER_HASH, 'fixed clause 3'],
    ]);
    expect(['a', 'b', 'c'].map((p) => stateOf(s, p))).toEqual(['pending', 'pending', 'waiting']);
    expect(signatureRecords(s)).toEqual([]);
    expect(s.stage?.key).toBe('2/1/signature');
    expect(partiesToInvite(s).map((p) => p.partyId)).toEqual(['a', 'b']);
    // The old hash no longer signs.
    expect(checkSign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH })?.type).toBe('DocumentHashMismatch');
    expect(checkSign(s, { actor: signatory('a'), partyId: 'a', documentSha256: OTHER_HASH })).toBeNull();
  });
});

describe('timers', () => {
  const policy: Partial<SigningPolicy> = {
    deadline: 'PT10S',
    reminders: { firstAfter: 'PT2S', every: 'PT3S', max: 5 },
    expiryWarningBefore: 'PT4S',
  };

  test('reminders: first after, every, at most max, none at or after the deadline', () => {
    let s = launch([org('a', 1)], policy);
    expect(s.expiryWarningAt).toBe(at(6).toISOString());
    const fired: string[] = [];
    for (;;) {
      const timer = nextTimer(s)!;
      fired.push(`${timer.kind}@${(new Date(timer.at).getTime() - T0.getTime()) / 1000}`);
      if (timer.kind === 'deadline') break;
      s = timer.kind === 'reminder' ? recordReminder(s) : recordExpiryWarning(s);
    }
    // 2, 5, 8 (11 would be past the 10 s deadline, so max 5 is never reached).
    expect(fired).toEqual(['reminder@2', 'reminder@5', 'expiry_warning@6', 'reminder@8', 'deadline@10']);
    s = expire(s, at(10));
    expect(s.status).toBe('expired');
    expect(nextTimer(s)).toBeNull();
  });

  test('max caps the reminders of a stage; a new stage starts its own count', () => {
    let s = launch([org('a', 1), org('b', 2)], { deadline: 'PT1H', reminders: { firstAfter: 'PT1S', every: 'PT1S', max: 2 } });
    s = recordReminder(recordReminder(s));
    expect(nextReminderAt(s)).toBeNull();
    expect(nextTimer(s)?.kind).toBe('deadline');
    s = sign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(100));
    expect(s.stage).toMatchObject({ key: '1/2/signature', remindersSent: 0 });
    expect(nextReminderAt(s)).toBe(at(101).toISOString());
  });

  test('past the deadline nothing is accepted, even before the deadline timer fires', () => {
    const s = launch([org('a', 1)], { deadline: 'PT10S' });
    expect(checkDeadline(s, at(9.999))).toBeNull();
    expect(checkDeadline(s, at(10))).toEqual({ type: 'AgreementClosed', message: `the deadline passed at ${at(10).toISOString()}; the agreement expires` });
    expect(checkDeadline(expire(s, at(10)), at(11))).toBeNull(); // closed: the step's own check says so
  });

  test('an expiry warning that would fall before the launch is dropped', () => {
    expect(launch([org('a', 1)], { deadline: 'PT5S', expiryWarningBefore: 'PT10S' }).expiryWarningAt).toBeNull();
  });
});

describe('seal and view', () => {
  test('the seal covers the version, every signature record and the audit head, in any order', () => {
    let s = launch([org('a', 1), org('b', 1)]);
    s = sign(s, { actor: signatory('b'), partyId: 'b', documentSha256: HASH }, at(1));
    s = sign(s, { actor: signatory('a'), partyId: 'a', documentSha256: HASH }, at(2));
    const input = { agreementId: 'agr-1', version: 1, documentSha256: HASH, signatures: signatureRecords(s), auditHead: { sequence: 4, hash: 'c'.repeat(64) } };
    const seal = computeSeal(input);
    expect(seal).toMatch(/^[0-9a-f]{64}$/);
    expect(computeSeal({ ...input, signatures: [...input.signatures].reverse() })).toBe(seal);
    expect(computeSeal({ ...input, auditHead: { sequence: 4, hash: 'd'.repeat(64) } })).not.toBe(seal);
    expect(computeSeal({ ...input, signatures: input.signatures.map((r) => (r.partyId === 'a' ? { ...r, actedBy: 'mallory' } : r)) })).not.toBe(seal);
    expect(computeSeal({ ...input, version: 2 })).not.toBe(seal);
  });

  test('the status view shows the stage, each party, deadlines and the next reminder', () => {
    const s = launch([org('a', 1), org('b', 2)], { deadline: 'PT1H', reminders: { firstAfter: 'PT10M', every: 'PT10M', max: 3 } });
    const view = toStatusView(s);
    expect(view).toMatchObject({
      status: 'in_progress',
      version: 1,
      currentRoutingGroup: 1,
      currentStage: 'signature',
      deadlineAt: '2026-03-01T01:00:00.000Z',
      nextReminderAt: '2026-03-01T00:10:00.000Z',
      remindersSent: 0,
      seal: null,
    });
    expect(view.parties.map((p) => [p.partyId, p.state])).toEqual([
      ['a', 'pending'],
      ['b', 'waiting'],
    ]);
  });
});
