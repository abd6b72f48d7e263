// The CertificationReview contract, defined once: the API, the worker and the tests import it from here:
// the request schemas (zod) and, re-exported from core/certification-review, the workflow's Updates,
// Query and shapes.
// The workflow itself imports core only (see core/certification-review/messages.ts why).
import { z } from 'zod';
import { isoDuration } from '../../schemas/iso-duration';
import { certificationLevels } from '../../core/certification-review/messages';
import {
  type DecisionRequest,
  type EvidenceItem,
  type LevelRequirements,
  type PanelRule,
  panelMajorities,
  trainingHoursSources,
  type ProgrammeDurations,
  type ProgrammePolicy,
  type ReviewTaskPolicy,
} from '../../core/certification-review/programme';
import { visibleText } from '../../schemas/visible-text';

export * from '../../core/certification-review/messages';
export * from '../../core/certification-review/programme';

export const certificationLevel = z.enum(certificationLevels);

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest');
const identifier = z.string().trim().min(1).max(128);
const reason = z.string().trim().min(1, 'a reason is required').max(4000);

// ---------------------------------------------------------------------------------------------------
// Programmes: configuration, not constants. An application carries a snapshot of its programme, so a
// programme changed later never changes an application already under way.

export const levelRequirements = z
  .object({
    /** Training hours the candidate must have completed for this level. */
    trainingHours: z.number().int().min(0).max(100_000),
    /** Pass marks (0-100) of the theory and the practical exam. */
    theoryPassMark: z.number().min(0).max(100),
    practicalPassMark: z.number().min(0).max(100),
    /** A valid certificate of this level (same programme and domain) is required first. */
    prerequisiteLevel: certificationLevel.nullable(),
  })
  .strict() satisfies z.ZodType<LevelRequirements>;

export const panelRule = z
  .object({
    /** Seats of the expert panel (and of an appeal panel). */
    size: z.number().int().min(1).max(15),
    /** The panel decides as soon as this many members have voted. */
    quorum: z.number().int().min(1).max(15),
    /** Approvals needed among the votes cast: more than half, at least two thirds, or all. */
    majority: z.enum(panelMajorities),
  })
  .strict()
  .refine((p) => p.quorum <= p.size, { message: 'the quorum cannot exceed the panel size', path: ['quorum'] }) satisfies z.ZodType<PanelRule>;

export const reviewTaskPolicy = z
  .object({
    /** A task is due this long after it opens (or after it was reassigned); then it escalates. */
    due: isoDuration,
    /** The follow-up date: the first reminder goes out this long after the task opened. */
    followUp: isoDuration,
    /** Then one reminder every so often, at most maxReminders per assignment, never at or after the due date. */
    reminderEvery: isoDuration,
    maxReminders: z.number().int().min(0).max(100),
  })
  .strict() satisfies z.ZodType<ReviewTaskPolicy>;

export const programmeDurations = z
  .object({
    /** Public notice (公示) before a certificate is issued, e.g. P5D. */
    noticePeriod: isoDuration,
    /** A rejection may be appealed this long after it. */
    appealWindow: isoDuration,
    /** After "request changes", the candidate has this long to resubmit; then the application lapses. */
    resubmitWithin: isoDuration,
    /** A certificate is valid this long from its issue, e.g. P3Y. */
    validity: isoDuration,
    /** A renewal reminder goes to the holder this long before the certificate expires. */
    renewalReminderBefore: isoDuration,
  })
  .strict() satisfies z.ZodType<ProgrammeDurations>;

export const programmePolicy = z
  .object({
    levels: z
      .object({ junior: levelRequirements.optional(), intermediate: levelRequirements.optional(), senior: levelRequirements.optional() })
      .strict()
      .refine((l) => Object.values(l).some(Boolean), { message: 'configure at least one level' }),
    /** Where training hours come from (default self_declared): the candidate's word, or the hours ledger. */
    trainingHoursSource: z.enum(trainingHoursSources).optional(),
    panel: panelRule,
    reviewTask: reviewTaskPolicy,
    durations: programmeDurations,
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const level of certificationLevels) {
      const prerequisite = policy.levels[level]?.prerequisiteLevel;
      if (!prerequisite) continue;
      if (certificationLevels.indexOf(prerequisite) >= certificationLevels.indexOf(level)) {
        ctx.addIssue({ code: 'custom', path: ['levels', level, 'prerequisiteLevel'], message: 'a prerequisite must be a lower level' });
      } else if (!policy.levels[prerequisite]) {
        ctx.addIssue({ code: 'custom', path: ['levels', level, 'prerequisiteLevel'], message: `level ${prerequisite} is not configured` });
      }
    }
  }) satisfies z.ZodType<ProgrammePolicy>;

/** POST /v1/certification-programmes */
export const createProgrammeRequest = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'lowercase letters, digits and hyphens, 3 to 64 characters'),
    name: z.string().trim().min(1).max(200).superRefine(visibleText),
    occupation: z.string().trim().min(1).max(200).superRefine(visibleText).optional(),
    description: z.string().trim().min(1).max(4000).optional(),
    certificatePrefix: z.string().regex(/^[A-Z]{2,8}$/, '2 to 8 capital letters'),
    domains: z
      .array(z.string().trim().min(1).max(100).superRefine(visibleText))
      .min(1)
      .max(50)
      .refine((d) => new Set(d).size === d.length, { message: 'domains must be unique' }),
    /** The secretariat's organisation; a secretariat caller's own by default. */
    secretariatOrganizationId: identifier.optional(),
    /** The evaluation bodies whose reviewers review; empty: every reviewer. */
    evaluationOrganizationIds: z.array(identifier).max(100).optional(),
    policy: programmePolicy,
  })
  .strict();
export type CreateProgrammeRequest = z.infer<typeof createProgrammeRequest>;

// ---------------------------------------------------------------------------------------------------
// Applications

export const evidenceItem = z
  .object({
    name: z.string().trim().min(1).max(200).superRefine(visibleText),
    reference: z.url().max(2048),
    sha256: sha256Hex,
  })
  .strict() satisfies z.ZodType<EvidenceItem>;

/** POST /v1/certification-applications */
export const applyRequest = z
  .object({
    programmeId: identifier,
    domain: z.string().trim().min(1).max(100),
    level: certificationLevel,
    trainingHours: z.number().int().min(0).max(100_000),
    evidence: z.array(evidenceItem).max(50).default([]),
    /** A training institution applying for one of its candidates names the candidate; a candidate applies for themselves. */
    candidateUserId: identifier.optional(),
    /** The candidate's organisation (employer or training institution); the candidate's own by default. */
    organizationId: identifier.optional(),
    /** Reviewers the candidate declares a conflict of interest with (user ids). */
    conflictsOfInterest: z.array(identifier).max(50).default([]),
  })
  .strict();
export type ApplyRequest = z.infer<typeof applyRequest>;

// ---------------------------------------------------------------------------------------------------
// Request bodies of the steps (the API adds the actor and ids).

export const examResultsRequest = z
  .object({
    /** The exam system's id of the sitting: repeating the same results is harmless. */
    examId: identifier,
    theoryScore: z.number().min(0).max(100),
    practicalScore: z.number().min(0).max(100),
  })
  .strict();

export const decisionRequest = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), comment: z.string().trim().max(4000).optional() }).strict(),
  z.object({ decision: z.literal('reject'), reason }).strict(),
  z
    .object({
      decision: z.literal('request_changes'),
      points: z.array(z.string().trim().min(1).max(2000)).min(1, 'name at least one point to change').max(50),
      reason: z.string().trim().max(4000).optional(),
    })
    .strict(),
]) satisfies z.ZodType<DecisionRequest>;

export const resubmitRequest = z
  .object({
    /** Replaces the evidence when given. */
    evidence: z.array(evidenceItem).max(50).optional(),
    note: z.string().trim().min(1, 'say what changed').max(4000),
  })
  .strict();

export const objectionRequest = z.object({ reason }).strict();
export const resolveObjectionRequest = z.object({ outcome: z.enum(['upheld', 'dismissed']), reason }).strict();
export const appealRequest = z.object({ reason }).strict();
export const revokeRequest = z.object({ reason }).strict();
