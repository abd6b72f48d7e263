// /v1/hours-ledgers/:userId: a person's hours ledger (学时台账) with its totals and its verification (the
// hash chain and every entry's signature, as the audit trail is checked), and the verification alone.
import { readHoursLedger } from '../../activities/training-cohort/hours-ledger';
import { auditKeysOf } from '../audit-keys';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { type AnyRoute, defineRoute } from '../routing';
import { ledgerParams, ledgerSchema, ledgerVerificationSchema } from './schemas';
import { mayReadLedger } from './visibility';

const NOTE = "The person, staff of the person's organisation or of a base they enrolled with, admins; else 404.";

async function readableLedger(deps: ApiDependencies, principal: Principal, userId: string) {
  if (!(await mayReadLedger(deps, principal, userId))) throw new NotFoundProblem(`Hours ledger ${userId}`);
  return readHoursLedger(deps.db, auditKeysOf(deps), userId);
}

export const hoursLedgerRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/hours-ledgers/:userId',
    summary: "A person's hours ledger: every entry (attendance and compensations), totals by module, domain and project, and its verification",
    tags: ['training-cohorts'],
    access: { roles: 'any', note: NOTE },
    params: ledgerParams,
    responses: { 200: { description: 'The ledger', schema: ledgerSchema } },
    handler: async ({ params, principal, deps }) => {
      const ledger = await readableLedger(deps, principal, params.userId);
      return { status: 200, body: ledger };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/hours-ledgers/:userId/verify',
    summary: "Verifies a person's hours ledger (hash chain and signatures) and answers the hours it holds",
    tags: ['training-cohorts'],
    access: { roles: 'any', note: NOTE },
    params: ledgerParams,
    responses: { 200: { description: 'The verification', schema: ledgerVerificationSchema } },
    handler: async ({ params, principal, deps }) => {
      const ledger = await readableLedger(deps, principal, params.userId);
      return { status: 200, body: { userId: params.userId, hours: ledger.totals.hours, verification: ledger.verification } };
    },
  }),
];
