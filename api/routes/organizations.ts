// /v1/organizations: register (admins), read and list (every authenticated caller: organisations are
// the public face of an alliance). The logic lives in api/parties/organizations.ts.
import { NotFoundProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { idParams } from '../parties/common';
import {
  findOrganization,
  listOrganizations,
  listOrganizationsQuery,
  organizationPageSchema,
  organizationSchema,
  organizationView,
  registerOrganization,
  registerOrganizationRequest,
} from '../parties/organizations';
import { defineRoute } from '../routing';

export const organizationRoutes = [
  defineRoute({
    method: 'post',
    path: '/organizations',
    summary: 'Register an organisation (school, university, government, park, enterprise, institute, association)',
    tags: ['parties'],
    access: { roles: ['admin'] },
    body: registerOrganizationRequest,
    responses: {
      201: { description: 'Registered', schema: organizationSchema },
    },
    handler: async ({ body, req, principal, deps }) => {
      const organization = await registerOrganization(deps.db, deterministicId(req, principal), body);
      return {
        status: 201,
        headers: { location: `/v1/organizations/${organization.id}` },
        body: organizationView(organization),
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/organizations',
    summary: 'List organisations, newest first (filters: kind, credit code, alliance)',
    tags: ['parties'],
    access: { roles: 'any' },
    query: listOrganizationsQuery,
    responses: { 200: { description: 'A page of organisations', schema: organizationPageSchema } },
    handler: async ({ query, deps }) => ({ status: 200, body: await listOrganizations(deps.db, query) }),
  }),

  defineRoute({
    method: 'get',
    path: '/organizations/:id',
    summary: 'An organisation',
    tags: ['parties'],
    access: { roles: 'any' },
    params: idParams,
    responses: { 200: { description: 'The organisation', schema: organizationSchema } },
    handler: async ({ params, deps }) => {
      const organization = await findOrganization(deps.db, params.id);
      if (!organization) throw new NotFoundProblem('Organization');
      return { status: 200, body: organizationView(organization) };
    },
  }),
];
