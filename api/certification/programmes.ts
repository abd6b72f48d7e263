// A certification programme as the API shows it (programmeSchema, programmeView) and as an application
// carries it into its workflow (programmeSnapshot).
import { z } from 'zod';
import type { CertificationProgramme } from '../../prisma/generated/client';
import { type ProgrammePolicy, programmePolicy, type ProgrammeSnapshot } from '../../workflows/certification-review/contract';

export const programmeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    occupation: z.string().nullable(),
    description: z.string().nullable(),
    certificatePrefix: z.string(),
    secretariatOrganizationId: z.string(),
    evaluationOrganizationIds: z.array(z.string()),
    domains: z.array(z.string()),
    policy: z.record(z.string(), z.unknown()),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'CertificationProgramme' });

export function programmeView(row: CertificationProgramme) {
  return {
    id: row.id,
    name: row.name,
    occupation: row.occupation,
    description: row.description,
    certificatePrefix: row.certificatePrefix,
    secretariatOrganizationId: row.secretariatOrganizationId,
    evaluationOrganizationIds: row.evaluationOrganizationIds,
    domains: row.domains,
    policy: row.policy as Record<string, unknown>,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What an application carries of its programme. */
export function programmeSnapshot(row: CertificationProgramme): ProgrammeSnapshot {
  return {
    id: row.id,
    name: row.name,
    certificatePrefix: row.certificatePrefix,
    secretariatOrganizationId: row.secretariatOrganizationId,
    evaluationOrganizationIds: row.evaluationOrganizationIds,
    policy: programmePolicy.parse(row.policy) as ProgrammePolicy,
  };
}
