// The reviewers a stage's tasks go to: the active users with the reviewer role in the programme's
// evaluation bodies (all bodies when it names none), each with the open tasks assigned to them, in one
// statement (two Prisma reads before, for every stage opened: BENCHMARKS.md, B5).
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../../platform/database';
import type { ReviewerInfo, ReviewerQuery } from '../../core/certification-review/records';

/** At most this many reviewers are read (a pool larger than that is not a pool anyone chooses from). */
const MAX_REVIEWERS = 1000;

export async function findReviewers(db: Database, query: ReviewerQuery): Promise<ReviewerInfo[]> {
  const ids = query.evaluationOrganizationIds;
  const inBodies = ids.length > 0 ? Prisma.sql`AND u.organization_id = ANY(${ids}::text[])` : Prisma.empty;
  return db.$queryRaw<ReviewerInfo[]>(Prisma.sql`
    SELECT u.id AS "userId", u.organization_id AS "organizationId",
      (SELECT count(*)::int FROM review_tasks t WHERE t.assignee_user_id = u.id AND t.status = 'open') AS "openTasks"
    FROM users u
    WHERE u.active AND 'reviewer'::"Role" = ANY(u.roles) ${inBodies}
    ORDER BY u.id
    LIMIT ${MAX_REVIEWERS}`);
}
