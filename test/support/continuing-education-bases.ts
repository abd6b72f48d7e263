// Test fixture: a continuing-education base's standing written straight to continuing_education_bases.
// It stands in for the BaseAccreditation workflow, the table's only writer in the product: tests of
// training cohorts need an accredited (or exited) base without running a whole accreditation. The
// accreditation workflow itself, which writes these rows, is tested end to end in its own tests.
import type { Database } from '../../platform/database';
import type { BaseStandingStatus } from '../../core/continuing-education/base-standing';

export async function setBaseStanding(
  db: Database,
  organizationId: string,
  status: BaseStandingStatus = 'accredited',
  accreditedUntil: Date | null = new Date(Date.now() + 365 * 24 * 3600 * 1000),
): Promise<void> {
  const row = { status, accreditedUntil, accreditationWorkflowId: `test-fixture/${organizationId}` };
  await db.continuingEducationBase.upsert({ where: { organizationId }, create: { organizationId, ...row }, update: row });
}
