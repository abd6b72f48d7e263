// /v1/organizations: register (admins), read and list (every authenticated caller: organisations are
// the public face of an alliance). The logic lives in api/parties/organizations.ts.
import { deterministicId } from '../idempotency';
import { publicReadRoutes } from '../parties/public-read-routes';
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
    bodyExample: { kind: 'enterprise', name: 'Shenzhen Precision Ltd', creditCode: '91440305080287034C' },
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

  ...publicReadRoutes({
    path: '/organizations',
    resourceName: 'Organization',
    summaries: { list: 'List organisations, newest first (filters: kind, credit code, alliance)', one: 'An organisation' },
    descriptions: { list: 'A page of organisations', one: 'The organisation' },
    listQuery: listOrganizationsQuery,
    pageSchema: organizationPageSchema,
    itemSchema: organizationSchema,
    list: listOrganizations,
    find: findOrganization,
    view: organizationView,
  }),
];
