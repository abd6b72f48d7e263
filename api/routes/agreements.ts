// /v1/agreements: launch an AgreementSigning workflow and read an agreement back.
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  AGREEMENT_SIGNING_WORKFLOW,
  type AgreementSigningInput,
  agreementWorkflowId,
  launchAgreementRequest,
  statusQuery,
} from '../../workflows/agreement-signing/contract';
import { AgreementStatusKey, AllianceIdKey } from '../../workflows/search-attributes';
import { NotFoundProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { defineRoute } from '../routing';
import { startWorkflowOnce } from '../workflow-start';

const agreementParams = z.object({ id: z.uuid() }).strict();

const launched = z
  .object({ id: z.string(), workflowId: z.string(), documentSha256: z.string(), status: z.string() })
  .meta({ id: 'AgreementLaunched' });

export const agreementRoutes = [
  defineRoute({
    method: 'post',
    path: '/agreements',
    summary: 'Launch an agreement (starts an AgreementSigning workflow)',
    tags: ['agreements'],
    access: { roles: ['secretariat'] },
    body: launchAgreementRequest,
    responses: { 201: { description: 'Launched', schema: launched } },
    handler: async ({ body, req, principal, deps }) => {
      const agreementId = deterministicId(req, principal);
      const documentSha256 =
        'text' in body.document
          ? createHash('sha256').update(body.document.text, 'utf8').digest('hex')
          : body.document.sha256;
      const input: AgreementSigningInput = { ...body, agreementId, documentSha256 };
      const workflowId = agreementWorkflowId(agreementId);
      // Deterministic id, REJECT_DUPLICATE, counted in workflow_starts_total (api/workflow-start.ts).
      await startWorkflowOnce(deps, AGREEMENT_SIGNING_WORKFLOW, {
        workflowId,
        args: [input],
        typedSearchAttributes: [
          { key: AgreementStatusKey, value: 'in_progress' },
          ...(body.allianceId ? [{ key: AllianceIdKey, value: body.allianceId }] : []),
        ],
      });
      return {
        status: 201,
        headers: { location: `/v1/agreements/${agreementId}` },
        body: { id: agreementId, workflowId, documentSha256, status: 'in_progress' },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/agreements/:id',
    summary: 'An agreement: its record merged with the live workflow status',
    tags: ['agreements'],
    access: { roles: 'any' },
    params: agreementParams,
    responses: { 200: { description: 'The agreement' } },
    handler: async ({ params, deps }) => {
      const [record, live] = await Promise.all([
        deps.db.agreement.findUnique({ where: { id: params.id }, include: { parties: true } }),
        deps.temporal.workflow
          .getHandle(agreementWorkflowId(params.id))
          .query(statusQuery)
          .catch((error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return null;
            throw error;
          }),
      ]);
      if (!record && !live) throw new NotFoundProblem(`Agreement ${params.id}`);
      // The workflow is the truth for the process; the row adds what was recorded (and serves lists).
      return {
        status: 200,
        body: {
          id: params.id,
          allianceId: record?.allianceId ?? undefined,
          createdAt: record?.createdAt,
          ...(record ? { title: record.title, kind: record.kind, status: record.status } : {}),
          ...live,
        },
      };
    },
  }),
];
