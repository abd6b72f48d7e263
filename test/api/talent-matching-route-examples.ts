// Example requests for the talent matching routes (demands, consent events, rounds, their offers and
// the holders' answers), part of test/support/route-examples.ts. Organisation A runs the talent base
// (each round in an alliance of its own, since an alliance has one open round at a time) and posts the
// demands; the holder of the offers answered is the matrix's own candidate of A, certified by the issuing
// activity. Who may answer is the workflow's rule, which no route declaration can say: `expect` names it.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import { registerAlliance } from '../../api/parties/alliances';
import { request } from '../support/http';
import { createUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';
import { certificateIssuer } from './talent-matching-fixtures';

const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);

/** An alliance run by organisation A (A is its talent base and, as its founder, a member). */
async function allianceOfA(fx: Fixture): Promise<string> {
  return (
    await registerAlliance(fx.system.db, randomUUID(), { name: `Talent matrix alliance ${randomUUID().slice(0, 6)}`, secretariatOrganizationId: fx.orgA })
  ).id;
}

/** The user of organisation A holding just this role: the matrix's own caller when there is one. */
function userOfA(fx: Fixture, role: Role) {
  return fx.once(`talent-user-a-${role}`, async () => {
    const found = await fx.system.db.user.findFirst({ where: { organizationId: fx.orgA, roles: { equals: [role] } }, orderBy: { createdAt: 'asc' } });
    return found ?? createUser(fx.system.db, { organizationId: fx.orgA, roles: [role] }).then((u) => ({ id: u.id }));
  });
}

function issuer(fx: Fixture) {
  return fx.once('talent-issuer', async () => {
    const programme = await fx.system.db.certificationProgramme.create({
      data: {
        id: `talent-matrix-${randomUUID().slice(0, 8)}`,
        name: 'Talent matrix programme',
        certificatePrefix: 'TMX',
        secretariatOrganizationId: fx.orgA,
        evaluationOrganizationIds: [],
        domains: ['matrix engineering'],
        policy: {},
        createdBy: 'matrix',
      },
    });
    return certificateIssuer(fx.system, programme);
  });
}

/**
 * A round of its own alliance with two open offers (deadline an hour away) for A's demand of two: one to
 * A's candidate, one to a holder of C who never answers, so the round stays open after the candidate's.
 */
function roundWithOffer(fx: Fixture, key: string) {
  return fx.once(`talent-round-${key}`, async () => {
    const allianceId = await allianceOfA(fx);
    const holder = await userOfA(fx, 'candidate');
    const silent = await createUser(fx.system.db, { organizationId: fx.orgC, roles: ['candidate'] });
    const issue = await issuer(fx);
    for (const h of [holder, silent]) {
      await issue(h, 'matrix engineering', 'intermediate');
      await fx.system.db.talentConsent.create({ data: { id: randomUUID(), userId: h.id, allianceId, decision: 'granted', shares: ['name'], locations: [] } });
    }
    await fx.system.db.talentDemand.create({
      data: {
        id: randomUUID(),
        organizationId: fx.orgA,
        allianceId,
        domain: 'matrix engineering',
        level: 'junior',
        count: 2,
        location: 'Ningbo',
        deadline: new Date(Date.now() + 86_400_000),
        createdBy: 'matrix',
      },
    });
    const staff = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['secretariat'] });
    const started = await request(fx.system.baseUrl, 'POST', '/v1/talent-rounds', {
      headers: staff.auth,
      body: { allianceId, seed: 'matrix', policy: { offerDeadline: 'PT1H' } },
    });
    if (started.status !== 201 || started.body.matched !== 2) throw new Error(`talent round: ${started.status} ${JSON.stringify(started.body)}`);
    const offer = await fx.system.db.talentOffer.findFirstOrThrow({ where: { roundId: started.body.id as string, holderUserId: holder.id } });
    return { roundId: started.body.id as string, offerId: offer.id };
  });
}

export const talentMatchingExamples: Record<string, Example> = {
  'POST /v1/talent-demands': {
    request: async (fx) => ({
      path: '/v1/talent-demands',
      body: {
        organizationId: fx.orgA,
        allianceId: await fx.once('talent-demand-alliance', () => allianceOfA(fx)),
        domain: 'matrix engineering',
        level: 'junior',
        count: 2,
        location: 'Ningbo',
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      },
    }),
  },
  'GET /v1/talent-demands': { request: () => ({ path: '/v1/talent-demands?status=open' }) },
  'POST /v1/talent-consents': {
    request: async (fx) => ({
      path: '/v1/talent-consents',
      body: { allianceId: await fx.once('talent-consent-alliance', () => allianceOfA(fx)), decision: 'granted', shares: ['name'], locations: ['Ningbo'] },
    }),
  },
  'GET /v1/talent-consents': { request: () => ({ path: '/v1/talent-consents' }) },
  // A fresh alliance per cell: an alliance has one open round at a time (this one has nothing to offer).
  'POST /v1/talent-rounds': { request: async (fx) => ({ path: '/v1/talent-rounds', body: { allianceId: await allianceOfA(fx), seed: 'matrix' } }) },
  'GET /v1/talent-rounds/:id': {
    request: async (fx) => ({ path: `/v1/talent-rounds/${(await roundWithOffer(fx, 'read')).roundId}` }),
    // The talent base (A's secretariat), the holder, and the staff of the enterprise whose demand it is (A's).
    expect: only('admin', 'secretariat', 'candidate', 'signatory', 'mentor'),
  },
  'GET /v1/talent-offers': { request: () => ({ path: '/v1/talent-offers' }) },
  'POST /v1/talent-rounds/:id/offers/:offerId/accept': {
    request: async (fx) => {
      const { roundId, offerId } = await roundWithOffer(fx, 'accept');
      return { path: `/v1/talent-rounds/${roundId}/offers/${offerId}/accept` };
    },
    // Only the holder (a repeat answers alreadyDone).
    expect: only('candidate'),
  },
  'POST /v1/talent-rounds/:id/offers/:offerId/decline': {
    request: async (fx) => {
      const { roundId, offerId } = await roundWithOffer(fx, 'decline');
      return { path: `/v1/talent-rounds/${roundId}/offers/${offerId}/decline` };
    },
    expect: only('candidate'),
  },
};
