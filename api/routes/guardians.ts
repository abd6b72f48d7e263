// Guardian links: the student's school links a guardian (POST /v1/students/{id}/guardians), lists and
// removes them; the guardian lists the links made for them and confirms each (POST
// /v1/guardian-links/{id}/confirm). The logic lives in api/parties/guardians.ts.
import { z } from 'zod';
import { hasRole } from '../auth/principal';
import { NotFoundProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { idParams, resourceId } from '../parties/common';
import {
  confirmGuardianLink,
  guardianLinkListSchema,
  guardianLinkSchema,
  guardianLinkView,
  linkGuardian,
  linkGuardianRequest,
  removeGuardianLink,
  studentOf,
} from '../parties/guardians';
import { defineRoute, type OrganizationScope } from '../routing';

/** A student belongs to its school; an id that is no student is in nobody's scope (404). */
const theStudentsSchool: OrganizationScope<{ id: string }> = {
  resource: 'Student',
  describe: "the student's school is the caller's organisation",
  organizationOf: async ({ params, deps }) => (await studentOf(deps.db, params.id))?.organizationId ?? null,
};

const LIST_LIMIT = 200;

export const guardianRoutes = [
  defineRoute({
    method: 'post',
    path: '/students/:id/guardians',
    summary: "Link a guardian to a student of the caller's school (pending until the guardian confirms)",
    tags: ['placements'],
    access: {
      roles: ['school_coordinator'],
      scope: theStudentsSchool,
      note: 'The guardian is an active user holding the guardian role and not the student (else 422).',
    },
    params: idParams,
    body: linkGuardianRequest,
    bodyExample: { guardianUserId: 'a29f87b4-d6c1-4877-a3a9-2c3e4c6bbe55', relationship: 'parent' },
    responses: { 201: { description: 'Linked (pending confirmation), or found linked before', schema: guardianLinkSchema } },
    handler: async ({ params, body, req, principal, deps }) => {
      const student = await studentOf(deps.db, params.id);
      if (!student) throw new NotFoundProblem('Student');
      const link = await linkGuardian(deps.db, deterministicId(req, principal), {
        student,
        guardianUserId: body.guardianUserId,
        relationship: body.relationship,
        linkedBy: principal.userId,
      });
      return { status: 201, headers: { location: `/v1/students/${student.id}/guardians` }, body: guardianLinkView(link) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/students/:id/guardians',
    summary: "A student's guardian links (pending and confirmed)",
    tags: ['placements'],
    access: {
      roles: ['school_coordinator', 'student'],
      scope: theStudentsSchool,
      note: 'A student sees only their own (else 404).',
    },
    params: idParams,
    responses: { 200: { description: 'The links', schema: guardianLinkListSchema } },
    handler: async ({ params, principal, deps }) => {
      if (!hasRole(principal, 'school_coordinator') && principal.userId !== params.id) throw new NotFoundProblem('Student');
      const rows = await deps.db.guardianLink.findMany({
        where: { studentUserId: params.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: LIST_LIMIT,
      });
      return { status: 200, body: { items: rows.map(guardianLinkView), nextCursor: null } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/students/:id/guardians/:guardianUserId/remove',
    summary: "Remove a guardian link: the person is no longer the student's guardian for new placements and no longer reads them",
    tags: ['placements'],
    access: { roles: ['school_coordinator'], scope: theStudentsSchool },
    params: z.object({ id: resourceId, guardianUserId: resourceId }).strict(),
    responses: { 200: { description: 'Removed', schema: z.object({ removed: z.boolean() }) } },
    handler: async ({ params, deps }) => {
      if (!(await removeGuardianLink(deps.db, params.id, params.guardianUserId))) throw new NotFoundProblem('Guardian link');
      return { status: 200, body: { removed: true } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/guardian-links',
    summary: 'The links that make the caller a guardian (to confirm the pending ones)',
    tags: ['placements'],
    access: { roles: 'any', note: "Only the caller's own links as a guardian." },
    responses: { 200: { description: 'The links', schema: guardianLinkListSchema } },
    handler: async ({ principal, deps }) => {
      const rows = await deps.db.guardianLink.findMany({
        where: { guardianUserId: principal.userId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: LIST_LIMIT,
      });
      return { status: 200, body: { items: rows.map(guardianLinkView), nextCursor: null } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/guardian-links/:id/confirm',
    summary: "The guardian confirms a link the school made: from then on they are the student's guardian",
    tags: ['placements'],
    access: { roles: ['guardian'], note: 'Only the guardian the link names (else 404).' },
    params: idParams,
    responses: { 200: { description: 'Confirmed (or confirmed before)', schema: guardianLinkSchema } },
    handler: async ({ params, principal, deps }) => ({ status: 200, body: guardianLinkView(await confirmGuardianLink(deps.db, params.id, principal.userId)) }),
  }),
];
