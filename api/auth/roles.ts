// The roles a user can hold. Authorization decisions are made from these plus the user's organisation.
export const roles = [
  'admin',
  'secretariat',
  'signatory',
  'school_coordinator',
  'mentor',
  'student',
  'reviewer',
  'candidate',
  'exam_system',
  /** A student's parent or legal guardian: a person of no organisation, linked to students by their school. */
  'guardian',
  // Reads GET /metrics and nothing else: a Prometheus scraper's user (or METRICS_TOKEN).
  'metrics_reader',
] as const;
export type Role = (typeof roles)[number];

/**
 * Roles only an admin may grant, and users holding them only an admin may manage (issue or revoke
 * their tokens): an admin is global, the exam system's results are trusted by certification, and a
 * metrics reader sees every organisation's request counts.
 */
export const privilegedRoles: readonly Role[] = ['admin', 'exam_system', 'metrics_reader'];

/**
 * Roles that confine their holder to the routes naming them: a metrics reader (a monitoring system)
 * reads GET /metrics and nothing else, not even the routes open to any authenticated caller, whatever
 * other roles it holds (admin aside).
 */
export const confiningRoles: readonly Role[] = ['metrics_reader'];

/** The known roles among stored values (a role dropped from the code is ignored, not trusted). */
export function knownRolesOf(values: readonly string[]): Set<Role> {
  return new Set(values.filter((r): r is Role => (roles as readonly string[]).includes(r)));
}
