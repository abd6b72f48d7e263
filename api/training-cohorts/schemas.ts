// The request and response schemas of /v1/training-cohorts and /v1/hours-ledgers (routes.ts,
// hours-ledger-routes.ts), above the zod-free contract in core/training-cohort.
import { z } from 'zod';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { cohortStatuses, enrolmentStatuses, trainingModules, trainingProjects } from '../../core/training-cohort/input';
import { calendarDateInRange } from '../../schemas/date-time';
import { pageInfo, paginationQuery } from '../pagination';
import { displayText, resourceId } from '../parties/common';

export const cohortParams = z.object({ id: resourceId }).strict();
export const ledgerParams = z.object({ userId: resourceId }).strict();

const hours = z.number().int().min(0).max(10_000);
const sessionNumber = z.number().int().min(1).max(1000);
const reason = z.string().trim().min(1, 'a reason is required').max(2000);

const session = z
  .object({
    number: sessionNumber,
    date: z.iso.date().refine(calendarDateInRange, { message: 'must be a date between 1900-01-01 and 9999-12-31' }),
    module: z.enum(trainingModules),
    hours: z.number().int().min(1).max(24),
  })
  .strict();

export const publishRequest = z
  .object({
    /** The base; default: the caller's organisation. */
    baseOrganizationId: resourceId.optional(),
    title: displayText(200),
    project: z.enum(trainingProjects),
    domain: displayText(100),
    level: displayText(50),
    plannedHours: z.object({ theory: hours, practice: hours }).strict(),
    capacity: z.number().int().min(1).max(5000),
    sessions: z.array(session).min(1).max(500),
    completion: z
      .object({
        attendanceThreshold: z.number().min(0).max(1).default(0.8),
        passMark: z.number().min(0).max(100).default(60),
        issueCredentials: z.boolean().default(false),
      })
      .strict()
      .default({ attendanceThreshold: 0.8, passMark: 60, issueCredentials: false }),
  })
  .strict()
  .superRefine((body, ctx) => {
    const numbers = body.sessions.map((s) => s.number);
    if (new Set(numbers).size !== numbers.length) ctx.addIssue({ code: 'custom', path: ['sessions'], message: 'session numbers must be unique' });
    for (const module of trainingModules) {
      const sum = body.sessions.filter((s) => s.module === module).reduce((total, s) => total + s.hours, 0);
      if (sum !== body.plannedHours[module]) {
        ctx.addIssue({
          code: 'custom',
          path: ['plannedHours', module],
          message: `the ${module} sessions add up to ${sum} hours, not ${body.plannedHours[module]}`,
        });
      }
    }
  });

export const enrolRequest = z
  .object({
    /** Whom to enrol; default: the caller. Staff of the person's employer or school enrol their people. */
    userId: resourceId.optional(),
  })
  .strict();

export const withdrawRequest = z.object({ userId: resourceId.optional(), reason }).strict();

export const attendanceRequest = z
  .object({
    session: sessionNumber,
    records: z
      .array(z.object({ userId: resourceId, present: z.boolean(), hours: z.number().int().min(0).max(24).optional() }).strict())
      .min(1)
      .max(5000),
  })
  .strict();

export const correctionRequest = z.object({ session: sessionNumber, userId: resourceId, hours: z.number().int().min(0).max(24), reason }).strict();

export const assessmentRequest = z
  .object({
    results: z
      .array(z.object({ userId: resourceId, score: z.number().min(0).max(100) }).strict())
      .min(1)
      .max(5000),
  })
  .strict();

export const published = z
  .object({ id: z.string(), workflowId: z.string(), status: z.string(), refusal: z.string().nullable() })
  .meta({ id: 'TrainingCohortPublished' });

export const stepResult = z.record(z.string(), z.unknown()).meta({ id: 'TrainingCohortStepResult' });

const recordedCohortStatus = z.enum([...cohortStatuses, ...abnormalEndStatuses]);

export const cohortSummary = z
  .object({
    id: z.string(),
    baseOrganizationId: z.string(),
    title: z.string(),
    project: z.string(),
    domain: z.string(),
    level: z.string(),
    capacity: z.number().int(),
    plannedHours: z.object({ theory: z.number().int(), practice: z.number().int() }),
    sessions: z.array(z.record(z.string(), z.unknown())),
    status: recordedCohortStatus,
    refusal: z.string().nullable(),
    counts: z.record(z.string(), z.number().int()),
    publishedAt: z.string(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'TrainingCohortSummary' });

export const cohortPage = z.object({ items: z.array(cohortSummary), ...pageInfo }).meta({ id: 'TrainingCohortPage' });

export const listQuery = z
  .object({
    baseOrganizationId: z.string().max(128).optional(),
    project: z.enum(trainingProjects).optional(),
    domain: z.string().max(100).optional(),
    status: recordedCohortStatus.optional(),
    ...paginationQuery,
  })
  .strict();

export const enrolmentStatus = z.enum(enrolmentStatuses);

export const ledgerSchema = z
  .object({
    userId: z.string(),
    entries: z.array(z.record(z.string(), z.unknown())),
    totals: z.record(z.string(), z.unknown()),
    verification: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'HoursLedger' });

export const ledgerVerificationSchema = z
  .object({ userId: z.string(), hours: z.number(), verification: z.record(z.string(), z.unknown()) })
  .meta({ id: 'HoursLedgerVerification' });
