// A refused step in words: the console's own sentence for a known refusal, else the problem's detail.
import type { TFunction } from 'i18next';
import { Problem } from '../api/problem';

export function refusalText(t: TFunction, error: unknown): string {
  if (!(error instanceof Problem)) return String((error as Error)?.message ?? error);
  const known = t(`refusal.${error.code}`, { defaultValue: '' });
  return known || error.detail;
}
