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
] as const;
export type Role = (typeof roles)[number];

/**
 * Roles only an admin may grant, and users holding them only an admin may manage (issue or revoke
 * their tokens): an admin is global, and the exam system's results are trusted by certification.
 */
export const privilegedRoles: readonly Role[] = ['admin', 'exam_system'];
