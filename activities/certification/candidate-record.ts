// What the eligibility check reads of a candidate, in one statement: whether the account exists and is
// active, and the valid certificates it holds of the levels the check asks about (this level, and the
// prerequisite), newest validity first. Two Prisma reads before, for every application (BENCHMARKS.md, B5).
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../../platform/database';
import type { CertificationLevel } from '../../core/certification-review/messages';
import type { EligibilityRequest } from '../../core/certification-review/records';

export interface CandidateRecord {
  /** Null when there is no such user. */
  candidate: { active: boolean } | null;
  held: { number: string; level: CertificationLevel }[];
}

export async function readCandidateRecord(db: Database, request: EligibilityRequest, now: Date = new Date()): Promise<CandidateRecord> {
  const prerequisite = request.requirements.prerequisiteLevel;
  const levels = prerequisite ? [prerequisite, request.level] : [request.level];
  // The validity is compared with the worker's clock, as the Prisma read did (not the database's).
  const rows = await db.$queryRaw<{ active: boolean; held: { number: string; level: CertificationLevel }[] }[]>(Prisma.sql`
    SELECT u.active,
      COALESCE((
        SELECT json_agg(json_build_object('number', c.number, 'level', c.level) ORDER BY c.valid_until DESC)
        FROM certificates c
        WHERE c.candidate_user_id = u.id AND c.programme_id = ${request.programmeId} AND c.domain = ${request.domain}
          AND c.revoked_at IS NULL AND c.valid_until > ${now.toISOString()}::timestamptz AND c.level::text = ANY(${levels}::text[])
      ), '[]'::json) AS held
    FROM users u
    WHERE u.id = ${request.candidateUserId}`);
  const row = rows[0];
  return row ? { candidate: { active: row.active }, held: row.held } : { candidate: null, held: [] };
}
