// /v1/alliances: found an alliance (admins, or a secretariat for its own organisation), read and list
// (every authenticated caller). The logic lives in api/parties/alliances.ts.
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
import { publicReadRoutes } from '../parties/public-read-routes';
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
    bodyExample: {
      name: 'Digital craftsmen alliance',
      secretariatOrganizationId: '83ac9902-8559-41a8-84da-051e39359cc3',
      memberOrganizationIds: ['d8f34535-abd3-4cfb-99b9-1f571b926018'],
    },
    responses: { 201: { description: 'Founded', schema: allianceSchema } },
    handler: async ({ body, req, principal, deps }) => {
      const alliance = await registerAlliance(deps.db, deterministicId(req, principal), body, principal.userId);
      return { status: 201, headers: { location: `/v1/alliances/${alliance.id}` }, body: alliance };
    },
  }),

  ...publicReadRoutes({
    path: '/alliances',
    resourceName: 'Alliance',
    summaries: { list: 'List alliances, newest first (filters: member organisation, secretariat)', one: 'An alliance with its member organisations' },
    descriptions: { list: 'A page of alliances', one: 'The alliance' },
    listQuery: listAlliancesQuery,
    pageSchema: alliancePageSchema,
    itemSchema: allianceSchema,
    list: listAlliances,
    find: findAlliance,
    view: (alliance) => alliance,
  }),

  ...allianceMembershipRoutes,
];
