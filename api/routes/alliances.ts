// /v1/alliances: found an alliance (admins, or a secretariat for its own organisation), read and list
// (every authenticated caller). The logic lives in api/parties/alliances.ts.
import { NotFoundProblem } from '../errors';
import { deterministicId } from '../idempotency';
import {
  alliancePageSchema,
  allianceSchema,
  findAlliance,
  listAlliances,
  listAlliancesQuery,
  registerAlliance,
  registerAllianceRequest,
} from '../parties/alliances';
import { idParams } from '../parties/common';
import { defineRoute } from '../routing';
import { allianceMembershipRoutes } from './alliance-membership';

export const allianceRoutes = [
  defineRoute({
    method: 'post',
    path: '/alliances',
    summary: 'Found an alliance: its secretariat organisation a member, the other organisations named invited',
    tags: ['parties'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Organization',
        describe: "secretariatOrganizationId must be the caller's organisation",
        denial: 403,
        organizationOf: async ({ body }) => body.secretariatOrganizationId,
      },
    },
    body: registerAllianceRequest,
    responses: { 201: { description: 'Founded', schema: allianceSchema } },
    handler: async ({ body, req, principal, deps }) => {
      const alliance = await registerAlliance(deps.db, deterministicId(req, principal), body, principal.userId);
      return { status: 201, headers: { location: `/v1/alliances/${alliance.id}` }, body: alliance };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/alliances',
    summary: 'List alliances, newest first (filters: member organisation, secretariat)',
    tags: ['parties'],
    access: { roles: 'any' },
    query: listAlliancesQuery,
    responses: { 200: { description: 'A page of alliances', schema: alliancePageSchema } },
    handler: async ({ query, deps }) => ({ status: 200, body: await listAlliances(deps.db, query) }),
  }),

  defineRoute({
    method: 'get',
    path: '/alliances/:id',
    summary: 'An alliance with its member organisations',
    tags: ['parties'],
    access: { roles: 'any' },
    params: idParams,
    responses: { 200: { description: 'The alliance', schema: allianceSchema } },
    handler: async ({ params, deps }) => {
      const alliance = await findAlliance(deps.db, params.id);
      if (!alliance) throw new NotFoundProblem('Alliance');
      return { status: 200, body: alliance };
    },
  }),

  ...allianceMembershipRoutes,
];
