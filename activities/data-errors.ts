// One place where every activity's database errors are classified (createActivities wraps them all):
// a data error (platform/database-errors.ts: SQLSTATE class 22 or 23 but the unique violation) can never
// succeed on a retry, so it becomes a non-retryable ApplicationFailure that fails the activity at once
// and surfaces in the workflow, instead of an endless retry that hides it (an agreement's
// recordAgreementCompleted retried SQLSTATE 22008 for ever and its certificate never appeared).
// Everything else (the database unreachable, a serialisation failure...) stays retryable as before.
import { ApplicationFailure } from '@temporalio/common';
import { databaseDataError } from '../platform/database-errors';

export const DATABASE_DATA_ERROR = 'DatabaseDataError';

/** The error an activity throws in place of `error` when `error` is a database data error. */
export function asNonRetryableDataError(activity: string, error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  const data = databaseDataError(error);
  if (!data) return error;
  return ApplicationFailure.create({
    type: DATABASE_DATA_ERROR,
    message: `${activity}: the database refused the values${data.sqlState ? ` (SQLSTATE ${data.sqlState})` : ''}: ${data.message}`,
    nonRetryable: true,
    details: [{ sqlState: data.sqlState, prismaCode: data.prismaCode }],
  });
}

// Activity functions take and return anything serialisable; the wrapper passes both through untouched.
// `any`: the constraint must admit every activity's own parameter types (unknown[] would not).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the line above.
type ActivityFunction = (...args: any[]) => unknown;

/** The same activities, each failing at once (non-retryable) on a database data error. */
export function failDataErrorsAtOnce<T extends Record<string, ActivityFunction>>(activities: T): T {
  const wrapped: Record<string, ActivityFunction> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw asNonRetryableDataError(name, error);
      }
    };
  }
  return wrapped as T;
}
