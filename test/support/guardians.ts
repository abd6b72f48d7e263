// Test fixtures: a guardian linked to a student by the school and confirmed, through the same functions
// as the routes (api/parties/guardians.ts).
import { randomUUID } from 'node:crypto';
import { confirmGuardianLink, linkGuardian, studentOf } from '../../api/parties/guardians';
import type { Database } from '../../platform/database';

export async function linkConfirmedGuardian(db: Database, studentUserId: string, guardianUserId: string): Promise<void> {
  const student = await studentOf(db, studentUserId);
  if (!student) throw new Error(`no active student ${studentUserId}`);
  const link = await linkGuardian(db, randomUUID(), { student, guardianUserId, relationship: 'parent', linkedBy: 'test-fixture' });
  await confirmGuardianLink(db, link.id, guardianUserId);
}
