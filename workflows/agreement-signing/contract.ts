// The AgreementSigning contract as requests meet it: the zod schemas of a launch and its policy. The
// shapes the workflow is started and driven with are core/agreement-signing (re-exported here, so the
// API and the tests import one module); the workflow itself imports core only, keeping zod out of it.
import { z } from 'zod';
import { agreementKinds, agreementStatuses, type DocumentInput, partyRoles, type ReminderPolicy, type SigningPolicy } from '../../core/agreement-signing/input';
import { boundedDateTime } from '../../schemas/date-time';
import { isoDuration } from '../../schemas/iso-duration';
import { visibleText } from '../../schemas/visible-text';
import { DEFAULT_MAX_AMENDMENTS } from '../../core/agreement-defaults';

export * from '../../core/agreement-signing/input';
export * from '../../core/agreement-signing/messages';
export * from '../../core/agreement-signing/who-may-sign';

export const agreementKind = z.enum(agreementKinds);
export const partyRole = z.enum(partyRoles);
export const agreementStatus = z.enum(agreementStatuses);

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest');
const identifier = z.string().trim().min(1).max(128);

export const documentInput = z.union([
  z.object({ text: z.string().min(1).max(1_000_000) }).strict(),
  z.object({ reference: z.url().max(2048), sha256: sha256Hex }).strict(),
]) satisfies z.ZodType<DocumentInput>;

/**
 * A document as a launch or an amendment names it: a text, an external reference, or a file uploaded
 * before (POST /v1/documents) named by the hash that upload answered. The API turns each into what the
 * workflow carries (api/documents.ts), so an upload never changes the workflow's input.
 */
export const documentRequest = z.union([
  ...documentInput.options,
  z.object({ upload: sha256Hex.meta({ description: 'The sha256 that POST /v1/documents answered for the file.' }) }).strict(),
]);
export type DocumentRequest = z.infer<typeof documentRequest>;

/**
 * A party as the secretariat names it: a user (`userId`), or an organisation (`organizationId`), for
 * which any active user holding the `signatory` role in that organisation may act.
 */
export const partyInput = z
  .object({
    partyId: identifier,
    displayName: z.string().trim().min(1).max(200).superRefine(visibleText),
    role: partyRole,
    routingGroup: z.number().int().min(1).max(100),
    userId: identifier.optional(),
    organizationId: identifier.optional(),
  })
  .strict()
  .refine((p) => (p.userId === undefined) !== (p.organizationId === undefined), {
    message: 'a party is either a user (userId) or an organisation (organizationId), exactly one of them',
  });
export type PartyInput = z.infer<typeof partyInput>;

export const reminderPolicy = z
  .object({
    /** The first reminder this long after a routing group (or its signers, after its approvers) opened. */
    firstAfter: isoDuration,
    /** Then one every so often... */
    every: isoDuration,
    /** ...at most this many per routing group stage. */
    max: z.number().int().min(0).max(100),
  })
  .strict() satisfies z.ZodType<ReminderPolicy>;

export const signingPolicy = z
  .object({
    /** The agreement expires this long after launch unless everyone has signed. */
    deadline: isoDuration,
    reminders: reminderPolicy.optional(),
    /** A warning to the pending parties and the secretariat this long before the deadline. */
    expiryWarningBefore: isoDuration.optional(),
    /** Once effective, the agreement runs for this long (or until `effectiveUntil`)... */
    effectiveFor: isoDuration.optional(),
    effectiveUntil: boundedDateTime.optional(),
    /** ...and a renewal reminder goes out this long before it runs out. */
    renewalReminderBefore: isoDuration.optional(),
  })
  .strict()
  .refine((p) => !(p.effectiveFor && p.effectiveUntil), {
    message: 'give effectiveFor or effectiveUntil, not both',
    path: ['effectiveUntil'],
  })
  .refine((p) => !p.renewalReminderBefore || p.effectiveFor || p.effectiveUntil, {
    message: 'a renewal reminder needs effectiveFor or effectiveUntil',
    path: ['renewalReminderBefore'],
  }) satisfies z.ZodType<SigningPolicy>;

const parties = z
  .array(partyInput)
  .min(1)
  .max(500)
  .refine((list) => new Set(list.map((p) => p.partyId)).size === list.length, {
    message: 'partyId must be unique within an agreement',
  })
  .refine((list) => list.some((p) => p.role !== 'cc'), { message: 'at least one party must sign or approve' })
  .refine(
    (list) => {
      // Every routing group that has an approver must also have a signer for the approval to gate.
      const groups = new Set(list.filter((p) => p.role === 'approver').map((p) => p.routingGroup));
      return [...groups].every((g) => list.some((p) => p.role === 'signer' && p.routingGroup === g));
    },
    { message: 'an approver gates the signers of its routing group: every group with an approver needs a signer' },
  );

/** What a secretariat sends to launch an agreement (POST /v1/agreements). */
export const launchAgreementRequest = z
  .object({
    allianceId: identifier,
    title: z.string().trim().min(1).max(300).superRefine(visibleText),
    kind: agreementKind,
    document: documentRequest,
    parties,
    policy: signingPolicy,
    allowUnreachableParties: z
      .boolean()
      .optional()
      .meta({
        description:
          'Launch even if no active user may act for some party (an organisation without an active signatory): the answer lists them. ' +
          'Without it such a launch is refused with 422 unreachable-party.',
      }),
  })
  .strict();
export type LaunchAgreementRequest = z.infer<typeof launchAgreementRequest>;

/** The amendment limit of an agreement whose input names none (see AgreementSigningInput.maxAmendments). */
export { DEFAULT_MAX_AMENDMENTS };
