// /v1/agreements: launch an AgreementSigning workflow and read an agreement back.
import { createHash, randomUUID } from 'node:crypto';
import { Router } from 'express';
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
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { parseRequest } from '../validation';

const agreementParams = z.object({ id: z.string().uuid() }).strict();

export function agreementRoutes(deps: ApiDependencies): Router {
  const router = Router();

  router.post('/agreements', async (req, res) => {
    const request = parseRequest(launchAgreementRequest, req.body, 'body');
    const agreementId = randomUUID();
    const documentSha256 =
      'text' in request.document
        ? createHash('sha256').update(request.document.text, 'utf8').digest('hex')
        : request.document.sha256;
    const input: AgreementSigningInput = { ...request, agreementId, documentSha256 };
    const workflowId = agreementWorkflowId(agreementId);
    await deps.temporal.workflow.start(AGREEMENT_SIGNING_WORKFLOW, {
      workflowId,
      taskQueue: deps.config.temporal.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: AgreementStatusKey, value: 'in_progress' },
        ...(request.allianceId ? [{ key: AllianceIdKey, value: request.allianceId }] : []),
      ],
    });
    res.status(201).location(`/v1/agreements/${agreementId}`).json({ id: agreementId, workflowId, documentSha256, status: 'in_progress' });
  });

  router.get('/agreements/:id', async (req, res) => {
    const { id } = parseRequest(agreementParams, req.params, 'params');
    const [record, live] = await Promise.all([
      deps.db.agreement.findUnique({ where: { id }, include: { parties: true } }),
      deps.temporal.workflow
        .getHandle(agreementWorkflowId(id))
        .query(statusQuery)
        .catch((error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return null;
          throw error;
        }),
    ]);
    if (!record && !live) throw new NotFoundProblem(`Agreement ${id}`);
    // The workflow is the truth for the process; the row adds what was recorded (and exists for lists).
    res.json({
      id,
      title: record?.title,
      kind: record?.kind,
      allianceId: record?.allianceId ?? undefined,
      createdAt: record?.createdAt,
      ...live,
      status: live?.status ?? record?.status,
    });
  });

  return router;
}
