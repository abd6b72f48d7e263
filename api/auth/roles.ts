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
] as const;
export type Role = (typeof roles)[number];
