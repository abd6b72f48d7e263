// The request and response schemas of the talent matching routes: demands, consent events, rounds and
// their offers as each reader may see them, the round's policy with its overrides.
import { z } from 'zod';
import { isoDuration } from '../../schemas/iso-duration';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { certificateLevels, type TalentMatchingPolicy, talentOfferStatuses, talentRoundStatuses, talentShareFields } from '../../core/talent-matching/input';
import { displayText, resourceId } from '../parties/common';
import { pageInfo, paginationQuery } from '../pagination';

export const idParams = z.object({ id: resourceId }).strict();
export const offerParams = z.object({ id: resourceId, offerId: resourceId }).strict();

export const talentPolicy = z.object({ offerDeadline: isoDuration }).strict() satisfies z.ZodType<TalentMatchingPolicy>;

const level = z.enum(certificateLevels);

// ---------------------------------------------------------------------------------------------------
// Demands

export const demandRequest = z
  .object({
    /** The enterprise whose demand it is: the caller's (an admin names any). */
    organizationId: resourceId,
    allianceId: resourceId,
    domain: displayText(200),
    level: level.meta({ description: 'The lowest certificate level a person must hold (a hard filter).' }),
    count: z.number().int().min(1).max(500),
    location: displayText(200),
    deadline: z.iso.datetime({ offset: true }).meta({ description: 'Until when the demand is open to rounds.' }),
    description: z.string().trim().max(5000).optional(),
  })
  .strict()
  .meta({ id: 'TalentDemandRequest' });

export const demandView = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    allianceId: z.string(),
    domain: z.string(),
    level,
    count: z.number().int(),
    filled: z.number().int(),
    location: z.string(),
    deadline: z.iso.datetime(),
    description: z.string(),
    status: z.enum(['open', 'filled']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TalentDemand' });
export const demandPage = z.object({ items: z.array(demandView), ...pageInfo }).meta({ id: 'TalentDemandPage' });
export const demandListQuery = z
  .object({
    allianceId: z.string().max(128).optional(),
    organizationId: z.string().max(128).optional(),
    status: z.enum(['open', 'filled']).optional(),
    ...paginationQuery,
  })
  .strict();

// ---------------------------------------------------------------------------------------------------
// Consent events

export const consentRequest = z
  .object({
    allianceId: resourceId,
    decision: z.enum(['granted', 'withdrawn']),
    /** What enterprises may see of the holder besides the certificate's domain and level. */
    shares: z.array(z.enum(talentShareFields)).max(talentShareFields.length).default([]),
    /** Where the holder would work (preferred in matching); empty: anywhere. */
    locations: z.array(displayText(200)).max(20).default([]),
  })
  .strict()
  .meta({ id: 'TalentConsentRequest' });

export const consentView = z
  .object({
    id: z.string(),
    userId: z.string(),
    allianceId: z.string(),
    decision: z.enum(['granted', 'withdrawn']),
    shares: z.array(z.enum(talentShareFields)),
    locations: z.array(z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TalentConsent' });
export const consentPage = z.object({ items: z.array(consentView), ...pageInfo }).meta({ id: 'TalentConsentPage' });
export const consentListQuery = z.object({ allianceId: z.string().max(128).optional(), ...paginationQuery }).strict();

// ---------------------------------------------------------------------------------------------------
// Rounds and offers

export const roundRequest = z
  .object({
    allianceId: resourceId,
    /** The lottery's seed (ties among equally certified holders); default: 128 random bits. */
    seed: z.string().trim().min(1).max(200).optional(),
    policy: talentPolicy.partial().strict().optional(),
  })
  .strict()
  .meta({ id: 'TalentRoundRequest' });

export const roundStarted = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(talentRoundStatuses),
    holders: z.number().int(),
    candidates: z.number().int(),
    excluded: z.number().int(),
    demands: z.number().int(),
    seats: z.number().int(),
    matched: z.number().int(),
    deadlineAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TalentRoundStarted' });

/** What an enterprise sees of a holder: only the fields the holder consented to share. */
export const sharedHolder = z
  .object({
    name: z.string().optional(),
    email: z.string().optional(),
    organization: z.string().nullable().optional(),
    certificateNumber: z.string().optional(),
    locations: z.array(z.string()).optional(),
  })
  .meta({ id: 'TalentSharedHolder' });

export const offerView = z
  .object({
    id: z.string(),
    roundId: z.string(),
    demandId: z.string(),
    organizationId: z.string(),
    domain: z.string(),
    level,
    status: z.enum(talentOfferStatuses),
    deadlineAt: z.iso.datetime(),
    answeredAt: z.iso.datetime().nullable(),
    /** The holder's own offers and the talent base's view only. */
    holderUserId: z.string().optional(),
    holder: sharedHolder,
  })
  .meta({ id: 'TalentOffer' });
export const offerPage = z.object({ items: z.array(offerView), ...pageInfo }).meta({ id: 'TalentOfferPage' });
export const offerListQuery = z
  .object({ roundId: z.string().max(128).optional(), status: z.enum(talentOfferStatuses).optional(), ...paginationQuery })
  .strict();

export const roundStatus = z.enum([...talentRoundStatuses, ...abnormalEndStatuses]);

export const offerStepResult = z
  .object({
    roundId: z.string(),
    offerId: z.string(),
    step: z.enum(['accept', 'decline']),
    status: z.enum(talentOfferStatuses),
    alreadyDone: z.boolean(),
  })
  .meta({ id: 'TalentOfferStepResult' });
