// /v1/talent-rounds: the talent base (the alliance's secretariat) runs a matching round, a TalentMatching
// workflow launched with Update-with-Start, answered once its offers are written; a round and its report
// read from the record merged with the live workflow; the holders answer their offers as Workflow Updates
// through the step gateway. /v1/talent-offers lists the offers the caller may see.
import { randomBytes } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import { type TalentMatchingInput, talentMatchingPolicyDefaults, talentRoundWorkflowId } from '../../core/talent-matching/input';
import { acceptOfferUpdate, declineOfferUpdate, launchRecordedUpdate, type OfferAnswerStep, type OfferStepResult } from '../../core/talent-matching/messages';
import type { TalentRoundReport } from '../../core/talent-matching/messages';
import { isAbnormalEndStatus } from '../../core/workflow-ends';
import { isOpenStatus } from '../../platform/workflow-ends';
import { talentMatching } from '../../workflows/talent-matching/workflow';
import { actorOf } from '../actor';
import { ConflictProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { pageQuery, toPage } from '../pagination';
import { type AnyRoute, defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { processStepRoute } from '../step-route';
import { abnormalEndView, findAbnormalEnd } from '../workflow-ends';
import { launchProcess } from '../workflow-start';
import { offerViews } from './offer-view';
import { talentRoundProcess } from './process';
import { idParams, offerListQuery, offerPage, offerParams, offerStepResult, roundRequest, roundStarted, talentPolicy } from './schemas';
import { baseAlliances, offerVisibilityFilter, readerOf, visibleRound } from './visibility';
import { organizationName } from '../organization-name';
import { talentRoundDisplay } from '../../core/talent-matching/display';

function answerRoute(kind: 'accept' | 'decline', update: UpdateDefinition<OfferStepResult, [OfferAnswerStep]>): AnyRoute {
  return processStepRoute({
    process: talentRoundProcess,
    path: `/talent-rounds/:id/offers/:offerId/${kind}`,
    summary: kind === 'accept' ? 'The holder accepts an offer (a seat of the demand is filled)' : 'The holder declines an offer',
    tags: ['talent-matching'],
    note: 'Only callers who can see the round (else 404); the workflow admits only the holder the offer was made to (else 403), while the offer is open (else 409) and before its deadline (else 409 window-closed).',
    params: offerParams,
    result: offerStepResult,
    update,
    visible: async (deps, principal, id) => (await visibleRound(deps, principal, id)).row,
    args: ({ params, principal }) => ({ actor: actorOf(principal), offerId: params.offerId! }),
  });
}

export const talentRoundRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/talent-rounds',
    summary: "The talent base runs a matching round over its alliance's open demands and consenting certificate holders (starts a TalentMatching)",
    tags: ['talent-matching'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Alliance',
        describe: "the alliance's secretariat is the caller's organisation",
        organizationOf: async ({ body, deps }) =>
          (await deps.db.alliance.findUnique({ where: { id: (body as { allianceId: string }).allianceId }, select: { secretariatOrganizationId: true } }))
            ?.secretariatOrganizationId ?? null,
      },
    },
    body: roundRequest,
    bodyExample: { allianceId: '40105778-98ea-4ac2-8029-d6030274ca91', seed: '2027-spring-lottery' },
    responses: { 201: { description: 'Matched: the offers are out', schema: roundStarted } },
    handler: async ({ body, req, principal, deps }) => {
      const roundId = deterministicId(req, principal);
      const alliance = await deps.db.alliance.findUniqueOrThrow({ where: { id: body.allianceId } });
      // One open round per alliance: its seats and its candidates are decided while no other round's offers are out.
      const open = await deps.db.talentRound.findFirst({ where: { allianceId: alliance.id, status: { in: ['matching', 'offering'] }, id: { not: roundId } } });
      if (open) throw new ConflictProblem(`Talent round ${open.id} of this alliance still has offers out.`);
      const input: TalentMatchingInput = {
        roundId,
        allianceId: alliance.id,
        baseOrganizationId: alliance.secretariatOrganizationId,
        seed: body.seed ?? randomBytes(16).toString('hex'),
        asOf: new Date().toISOString(),
        startedBy: principal.userId,
        policy: talentPolicy.parse({ ...talentMatchingPolicyDefaults, ...body.policy }),
      };
      const workflowId = talentRoundWorkflowId(roundId);
      const display = talentRoundDisplay(input, alliance.name, await organizationName(deps, input.baseOrganizationId));
      const launch = await launchProcess(deps, talentMatching, launchRecordedUpdate, { workflowId, args: [input], display });
      const view = launch.view;
      return {
        status: 201,
        headers: { location: `/v1/talent-rounds/${roundId}` },
        body: {
          id: roundId,
          workflowId,
          status: view?.status ?? 'offering',
          holders: view?.holders ?? 0,
          candidates: view?.candidates ?? 0,
          excluded: view?.excluded.length ?? 0,
          demands: view?.demands.length ?? 0,
          seats: view?.seats ?? 0,
          matched: view?.offers.length ?? 0,
          deadlineAt: view?.deadlineAt ?? null,
        },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/talent-rounds/:id',
    summary: 'A talent round: its counts, the offers the caller may see and, once closed, the outcome report (filled, unfilled, by domain)',
    tags: ['talent-matching'],
    access: {
      roles: 'any',
      note: "The talent base sees the whole round; an enterprise's staff and a holder only the offers made for them or to them (else 404).",
    },
    params: idParams,
    responses: { 200: { description: 'The round' } },
    handler: async ({ params, principal, deps }) => {
      const { row, base } = await visibleRound(deps, principal, params.id);
      const [live, end, offers] = await Promise.all([
        base ? liveStatus(deps, talentRoundProcess, params.id, true) : null,
        isOpenStatus('talent_round', row.status) ? findAbnormalEnd(deps, 'talent_round', params.id, talentRoundWorkflowId(params.id)) : null,
        deps.db.talentOffer.findMany({ where: { roundId: params.id }, orderBy: { id: 'asc' } }),
      ]);
      const views = await offerViews(deps, offers, (o) => readerOf(principal, o, base));
      const ended = end
        ? abnormalEndView(end)
        : isAbnormalEndStatus(row.status)
          ? { status: row.status, workflowEnd: { status: row.status, closedAt: row.closedAt?.toISOString() ?? null } }
          : {};
      return {
        status: 200,
        body: {
          id: row.id,
          allianceId: row.allianceId,
          baseOrganizationId: row.baseOrganizationId,
          status: live?.status ?? row.status,
          asOf: row.asOf.toISOString(),
          createdAt: row.createdAt.toISOString(),
          closedAt: row.closedAt?.toISOString() ?? null,
          ...(base
            ? {
                seed: row.seed,
                algorithm: row.algorithm,
                counts: {
                  holders: row.holders,
                  candidates: row.candidates,
                  excluded: row.excluded,
                  demands: row.demands,
                  seats: row.seats,
                  matched: row.matched,
                },
                excluded: live?.excluded ?? null,
                report: (row.report as unknown as TalentRoundReport | null) ?? live?.report ?? null,
              }
            : {}),
          offers: views,
          ...ended,
        },
      };
    },
  }),

  answerRoute('accept', acceptOfferUpdate),
  answerRoute('decline', declineOfferUpdate),

  defineRoute({
    method: 'get',
    path: '/talent-offers',
    summary: 'Talent offers the caller can see, newest first (cursor pagination): a holder’s own, an enterprise’s, the talent base’s',
    tags: ['talent-matching'],
    access: {
      roles: 'any',
      note: "A holder's own offers; an enterprise's staff the offers for its demands (with only what each holder consented to share); the talent base its rounds' offers.",
    },
    query: offerListQuery,
    responses: { 200: { description: 'A page of talent offers', schema: offerPage } },
    handler: async ({ query, principal, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const filters = { ...(query.roundId ? { roundId: query.roundId } : {}), ...(query.status ? { status: query.status } : {}) };
      const rows = await deps.db.talentOffer.findMany({
        where: { AND: [await offerVisibilityFilter(deps, principal), filters, page.where] },
        orderBy: page.orderBy,
        take: page.take,
      });
      const { items, nextCursor } = toPage(rows, query.limit);
      // The rounds the caller runs as the talent base: there it sees whose offers they are.
      const alliances = new Set(await baseAlliances(deps, principal));
      const rounds = await deps.db.talentRound.findMany({
        where: { id: { in: [...new Set(items.map((o) => o.roundId))] } },
        select: { id: true, allianceId: true },
      });
      const baseRounds = new Set(rounds.filter((r) => principal.roles.has('admin') || alliances.has(r.allianceId)).map((r) => r.id));
      const views = await offerViews(deps, items, (o) => readerOf(principal, o, baseRounds.has(o.roundId)));
      return { status: 200, body: { items: views, nextCursor } };
    },
  }),
];
