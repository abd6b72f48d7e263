// Small pieces the party modules share: text fields, ids, and telling a unique violation apart.
import { z } from 'zod';
import { Prisma } from '../../prisma/generated/client';
import { visibleText } from '../../schemas/visible-text';

/**
 * A display text: trimmed, NFC-normalised (so 学校 typed two ways is one name), 1 to max characters,
 * without bidirectional controls or invisible characters (schemas/visible-text.ts).
 */
export const displayText = (max = 200) => z.string().trim().normalize('NFC').min(1).max(max).superRefine(visibleText);

export const resourceId = z.uuid().meta({ description: 'A resource id (UUID).' });

export const idParams = z.object({ id: resourceId }).strict();

/** The column set a unique constraint covers, when `error` is Prisma's unique violation (P2002). */
export function uniqueViolation(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const fields = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields;
  return Array.isArray(fields) ? fields.map(String) : [];
}

/** Prisma's foreign-key violation (P2003): a referenced row vanished between check and insert. */
export function foreignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}

export function isoDate(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}
