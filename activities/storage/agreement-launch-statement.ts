// An agreement's launch rows (the agreement, its parties, its first version) written by one SQL statement.
// Through Prisma they were a transaction: BEGIN, the agreement's upsert, the parties' and the version's
// createMany, COMMIT, five round trips with Prisma's per-query work on both ends, once per agreement
// (BENCHMARKS.md, Round 2). One statement of data-modifying CTEs is as atomic, and the parties' and
// version's foreign keys are checked at its end, after the agreement's insert. What it writes is what the
// Prisma calls wrote: an agreement, party or version already there (a retried activity) is left as it is.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../../platform/database';
import type { AgreementLaunchedRecord } from './agreement-projection';

/** `auditInsert`, the launch's audit entry (activities/audit/audit-trail.ts), runs in the same statement. */
export async function writeAgreementLaunched(db: Database, record: AgreementLaunchedRecord, auditInsert?: Prisma.Sql): Promise<void> {
  const id = record.agreementId;
  const v = record.firstVersion;
  const parties = record.parties.map(
    (p) =>
      Prisma.sql`(${id}, ${p.partyId}, ${p.displayName}, ${p.role}, ${p.routingGroup}::int, ${p.kind}, ${p.userId}::text, ${p.organizationId}::text, ${p.state})`,
  );
  const partiesInsert = parties.length
    ? Prisma.sql`INSERT INTO agreement_parties (agreement_id, party_id, display_name, role, routing_group, kind, user_id, organization_id, state)
      VALUES ${Prisma.join(parties)} ON CONFLICT DO NOTHING`
    : Prisma.sql`SELECT 1 WHERE false`;
  const createdAt = record.launchedAt ? Prisma.sql`${record.launchedAt}::timestamptz` : Prisma.sql`now()`;
  await db.$executeRaw`
    WITH agreement AS (
      INSERT INTO agreements (id, workflow_id, alliance_id, secretariat_organization_id, launched_by, title, kind, status, version,
        document_sha256, deadline, current_routing_group, created_at, updated_at)
      VALUES (${id}, ${record.workflowId}, ${record.allianceId}, ${record.secretariatOrganizationId}, ${record.launchedBy}, ${record.title},
        ${record.kind}::"AgreementKind", 'in_progress'::"AgreementStatus", 1, ${v.documentSha256}, ${record.deadlineAt}::timestamptz,
        ${record.currentRoutingGroup}::int, ${createdAt}, now())
      ON CONFLICT DO NOTHING),
    parties AS (${partiesInsert})${
      auditInsert
        ? Prisma.sql`,
    audit AS (${auditInsert})`
        : Prisma.empty
    }
    INSERT INTO agreement_versions (agreement_id, version, document_sha256, document_reference, created_by, note, created_at)
    VALUES (${id}, ${v.version}::int, ${v.documentSha256}, ${'reference' in v.document ? v.document.reference : null}::text, ${v.createdBy},
      ${v.note}::text, ${v.createdAt}::timestamptz)
    ON CONFLICT DO NOTHING`;
}
