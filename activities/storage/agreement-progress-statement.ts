// A party step's rows (the signature or delegation, the parties' states, the agreement's routing) written
// by one SQL statement. Through Prisma they were a transaction of one statement per row: BEGIN, the insert,
// an UPDATE per changed party, the agreement's UPDATE, COMMIT, each a round trip with Prisma's per-query
// work on both ends, three times per agreement (BENCHMARKS.md, Round 2). One statement with data-modifying
// CTEs is as atomic as the transaction was. What it writes is what the Prisma calls wrote: inserts that
// skip a row already there (a retried activity), updates to given values; and, as Prisma's update did, a
// row that is not there is an error (retried), not a silent no-op.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../../platform/database';
import type { AgreementProgressRecord, PartyProgress } from './agreement-projection';

/** `UPDATE agreement_parties ... FROM (VALUES ...)`: every changed party of one agreement in one statement. */
export function partyRowsUpdate(agreementId: string, parties: PartyProgress[]): Prisma.Sql {
  const rows = parties.map((p) => Prisma.sql`(${p.partyId}::text, ${p.state}::text, ${p.delegatedToUserId}::text, ${p.actedAt}::timestamptz)`);
  return Prisma.sql`UPDATE agreement_parties AS p
    SET state = v.state, delegated_to_user_id = v.delegated_to_user_id, acted_at = v.acted_at
    FROM (VALUES ${Prisma.join(rows)}) AS v(party_id, state, delegated_to_user_id, acted_at)
    WHERE p.agreement_id = ${agreementId} AND p.party_id = v.party_id
    RETURNING 1`;
}

/**
 * Writes a progress record in one statement; throws when the agreement or a party row is missing.
 * `auditInsert`, the step's audit entry (activities/audit/audit-trail.ts), runs in the same statement.
 */
export async function writeAgreementProgress(db: Database, record: AgreementProgressRecord, auditInsert?: Prisma.Sql): Promise<void> {
  const { agreementId, signature, delegation } = record;
  const steps: Prisma.Sql[] = [];
  if (signature) {
    steps.push(Prisma.sql`signature AS (
      INSERT INTO agreement_signatures
        (agreement_id, version, party_id, step, role, acted_by_user_id, on_behalf_of_organization_id, delegated, document_sha256, occurred_at)
      VALUES (${agreementId}, ${signature.version}::int, ${signature.partyId}, ${signature.step}, ${signature.role}, ${signature.actedBy},
        ${signature.onBehalfOf}::text, ${signature.delegated}::boolean, ${signature.documentSha256}, ${signature.at}::timestamptz)
      ON CONFLICT DO NOTHING)`);
  }
  if (delegation) {
    steps.push(Prisma.sql`delegation AS (
      INSERT INTO agreement_delegations (agreement_id, party_id, sequence, version, from_user_id, to_user_id, reason, occurred_at)
      VALUES (${agreementId}, ${delegation.partyId}, ${delegation.sequence}::int, ${delegation.version}::int, ${delegation.from}, ${delegation.to},
        ${delegation.reason}::text, ${delegation.at}::timestamptz)
      ON CONFLICT DO NOTHING)`);
  }
  steps.push(record.parties.length ? Prisma.sql`parties AS (${partyRowsUpdate(agreementId, record.parties)})` : Prisma.sql`parties AS (SELECT 1 WHERE false)`);
  steps.push(Prisma.sql`agreement AS (
    UPDATE agreements SET current_routing_group = ${record.currentRoutingGroup}::int, updated_at = now() WHERE id = ${agreementId} RETURNING 1)`);
  // Without RETURNING the audit CTE still runs: PostgreSQL executes every data-modifying CTE to completion.
  if (auditInsert) steps.push(Prisma.sql`audit AS (${auditInsert})`);
  const [written] = await db.$queryRaw<{ parties: number; agreements: number }[]>`
    WITH ${Prisma.join(steps, ',\n')}
    SELECT (SELECT count(*)::int FROM parties) AS parties, (SELECT count(*)::int FROM agreement) AS agreements`;
  if (written?.agreements !== 1 || written.parties !== record.parties.length) {
    throw new Error(
      `Agreement ${agreementId}'s progress met ${written?.agreements ?? 0} agreement rows and ${written?.parties ?? 0} of ${record.parties.length} party rows`,
    );
  }
}
