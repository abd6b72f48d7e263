// Service accounts (api/accounts/service-accounts.ts): machine callers with scoped, expiring tokens,
// managed by admins.
import { z } from 'zod';
import { createServiceAccount, disableServiceAccount, findServiceAccount, issueServiceToken, serviceAccountView } from '../accounts/service-accounts';
import {
  createServiceAccountRequest,
  idParams,
  issuedServiceTokenSchema,
  issueServiceTokenRequest,
  serviceAccountListSchema,
  serviceAccountSchema,
} from '../accounts/schemas';
import { clientAddress } from '../accounts/sessions';
import { recordSecurityEvent } from '../accounts/security-events';
import { NotFoundProblem, UnknownReferenceProblem, ValidationProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { pageQuery, paginationQuery, toPage } from '../pagination';
import { defineRoute } from '../routing';
import { addIsoDuration } from '../../core/iso-duration';

const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 3600 * 1000;

function durationFromNow(text: string): number {
  const now = new Date();
  return addIsoDuration(now, text).getTime() - now.getTime();
}

export const serviceAccountRoutes = [
  defineRoute({
    method: 'post',
    path: '/service-accounts',
    summary: 'Create a service account (a machine caller) in an organisation, with scopes',
    tags: ['accounts'],
    access: { roles: ['admin'] },
    body: createServiceAccountRequest,
    bodyExample: { organizationId: '83ac9902-8559-41a8-84da-051e39359cc3', name: 'Provincial exam system', scopes: ['certification:exam-results'] },
    responses: { 201: { description: 'Created (issue its token next)', schema: serviceAccountSchema } },
    handler: async ({ body, principal, req, deps }) => {
      const organization = await deps.db.organization.findUnique({ where: { id: body.organizationId }, select: { id: true } });
      if (!organization) throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'no organisation has this id' }]);
      const row = await createServiceAccount(deps.db, { id: deterministicId(req, principal), ...body, createdBy: principal.userId });
      await recordSecurityEvent(deps.db, {
        type: 'service_account_created',
        userId: principal.userId,
        address: clientAddress(req),
        detail: { serviceAccountId: row.id, scopes: row.scopes.join(',') },
      });
      return { status: 201, headers: { location: `/v1/service-accounts/${row.id}` }, body: serviceAccountView(row) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/service-accounts',
    summary: 'List service accounts, newest first',
    tags: ['accounts'],
    access: { roles: ['admin'] },
    query: z.object({ ...paginationQuery }).strict(),
    responses: { 200: { description: 'A page of service accounts', schema: serviceAccountListSchema } },
    handler: async ({ query, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const rows = await deps.db.serviceAccount.findMany({
        where: page.where,
        orderBy: page.orderBy,
        take: page.take,
        include: { tokens: { orderBy: { createdAt: 'desc' }, take: 20 } },
      });
      const result = toPage(rows, query.limit);
      return { status: 200, body: { items: result.items.map(serviceAccountView), nextCursor: result.nextCursor } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/service-accounts/:id',
    summary: 'A service account and its tokens (never their values)',
    tags: ['accounts'],
    access: { roles: ['admin'] },
    params: idParams,
    responses: { 200: { description: 'The service account', schema: serviceAccountSchema } },
    handler: async ({ params, deps }) => {
      const row = await findServiceAccount(deps.db, params.id);
      if (!row) throw new NotFoundProblem('Service account');
      return { status: 200, body: serviceAccountView(row) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/service-accounts/:id/tokens',
    summary: 'Issue a token for a service account, shown once; with `overlap`, a rotation: the other tokens end after it',
    tags: ['accounts'],
    access: { roles: ['admin'] },
    params: idParams,
    body: issueServiceTokenRequest,
    bodyExample: { lifetime: 'P30D' },
    responses: { 201: { description: 'Issued', schema: issuedServiceTokenSchema } },
    handler: async ({ params, body, principal, req, deps }) => {
      const row = await findServiceAccount(deps.db, params.id);
      if (!row) throw new NotFoundProblem('Service account');
      if (!row.active) throw new ValidationProblem([{ path: 'params/id', message: 'the service account is disabled' }]);
      const lifetimeMs = body.lifetime ? durationFromNow(body.lifetime) : deps.config.accounts.serviceTokenTtlMs;
      if (lifetimeMs <= 0 || lifetimeMs > MAX_TOKEN_LIFETIME_MS)
        throw new ValidationProblem([{ path: '/lifetime', message: 'must be more than zero and at most P1Y' }]);
      const overlapMs = body.overlap !== undefined ? durationFromNow(body.overlap) : null;
      const issued = await issueServiceToken(deps.db, row.id, lifetimeMs, overlapMs);
      await recordSecurityEvent(deps.db, {
        type: 'service_token_issued',
        userId: principal.userId,
        address: clientAddress(req),
        detail: { serviceAccountId: row.id, tokenId: issued.id, expiresAt: issued.expiresAt },
      });
      return { status: 201, body: issued, replayBody: { id: issued.id, expiresAt: issued.expiresAt } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/service-accounts/:id/disable',
    summary: 'Disable a service account: every token of it stops working',
    tags: ['accounts'],
    access: { roles: ['admin'] },
    params: idParams,
    responses: { 200: { description: 'Disabled', schema: serviceAccountSchema } },
    handler: async ({ params, principal, req, deps }) => {
      const row = await findServiceAccount(deps.db, params.id);
      if (!row) throw new NotFoundProblem('Service account');
      await disableServiceAccount(deps.db, row.id);
      await recordSecurityEvent(deps.db, {
        type: 'service_account_disabled',
        userId: principal.userId,
        address: clientAddress(req),
        detail: { serviceAccountId: row.id },
      });
      return { status: 200, body: serviceAccountView((await findServiceAccount(deps.db, row.id))!) };
    },
  }),
];
