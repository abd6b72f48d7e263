// Telling a database *data* error apart: the statement can never succeed with these values, so retrying
// it is pointless (an activity retried SQLSTATE 22008 for ever; the API answered 500). SQLSTATE class 22
// (data exception: out of range, invalid format, value too long...) and class 23 (integrity constraint
// violation) except 23505, the unique violation, which callers handle as "already done" (idempotent
// writes) or as a conflict. Prisma 7 over the pg adapter carries the SQLSTATE in
// meta.driverAdapterError.cause; Prisma's own codes for the same errors are recognised too.
const UNIQUE_VIOLATION = '23505';
const DATA_ERROR_SQLSTATE = /^(22|23)[0-9A-Z]{3}$/;
// P2000 value too long, P2003 foreign key, P2004 constraint, P2011 null constraint, P2020 value out of
// range, P2033 number out of range (P2002, the unique violation, is left out on purpose).
const DATA_ERROR_PRISMA_CODES = new Set(['P2000', 'P2003', 'P2004', 'P2011', 'P2020', 'P2033']);

export interface DatabaseDataError {
  /** The SQLSTATE when the driver reported one (e.g. 22008), else null. */
  sqlState: string | null;
  /** Prisma's error code (P2010, P2039...) when there is one. */
  prismaCode: string | null;
  /** The database's own words (no statement text, no values beyond what PostgreSQL quotes). */
  message: string;
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown; originalMessage?: unknown; message?: unknown } } };
  cause?: unknown;
}

/** The data error inside `error` (or its causes), or null when it is anything else. */
export function databaseDataError(error: unknown): DatabaseDataError | null {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const e = current as ErrorShape;
    const adapter = e.meta?.driverAdapterError?.cause;
    const prismaCode = typeof e.code === 'string' && /^P\d{4}$/.test(e.code) ? e.code : null;
    const sqlState = [adapter?.originalCode, adapter?.code, prismaCode ? undefined : e.code].find(
      (c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c),
    );
    if (sqlState !== undefined) {
      if (sqlState === UNIQUE_VIOLATION || !DATA_ERROR_SQLSTATE.test(sqlState)) return null;
      const message = [adapter?.originalMessage, adapter?.message, e.message].find((m): m is string => typeof m === 'string') ?? 'data error';
      return { sqlState, prismaCode, message };
    }
    if (prismaCode && DATA_ERROR_PRISMA_CODES.has(prismaCode)) {
      return { sqlState: null, prismaCode, message: typeof e.message === 'string' ? e.message.trim().split('\n').pop()! : 'data error' };
    }
    current = e.cause;
  }
  return null;
}

/**
 * The unique violation (another writer, or this one's earlier attempt, wrote the row first): Prisma's
 * P2002 from its own queries, SQLSTATE 23505 inside the P2010 of a raw statement over the pg adapter.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as ErrorShape;
  if (e.code === 'P2002') return true;
  const cause = e.meta?.driverAdapterError?.cause;
  return cause?.originalCode === UNIQUE_VIOLATION || cause?.code === UNIQUE_VIOLATION;
}
