// E-mail addresses as sign-in identities: trimmed and lower-cased, so "Zhang@School.cn" and
// "zhang@school.cn" are one account.
import { z } from 'zod';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailField = z.email().max(254).transform(normalizeEmail);
