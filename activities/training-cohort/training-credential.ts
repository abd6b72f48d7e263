// The signed credential of a completed training record: an Open Badges 3.0 AchievementCredential
// signed with the certificate issuer's key (eddsa-jcs-2022, activities/certification/credential.ts),
// so anything that verifies a certificate's proof verifies this one. The person appears only as a
// salted hash of their user id.
import { createHash } from 'node:crypto';
import type { CohortProjection } from '../../core/training-cohort/records';
import { identityHash, type IssuerKey, OB_CONTEXT_V3, signDocument, VC_CONTEXT_V2 } from '../certification/credential';

export interface TrainingCredentialInput {
  baseUrl: string;
  issuer: { key: IssuerKey; name: string };
  cohort: CohortProjection;
  userId: string;
  hours: number;
  score: number;
  completedAt: Date;
}

const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function trainingRecordCredential(input: TrainingCredentialInput) {
  const base = input.baseUrl.replace(/\/+$/, '');
  const c = input.cohort;
  // Deterministic salt: the same record signed again names the person the same way.
  const salt = createHash('sha256').update(`${c.cohortId}/${input.userId}`, 'utf8').digest('hex').slice(0, 32);
  const document = {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: `${base}/v1/training-cohorts/${encodeURIComponent(c.cohortId)}#record-${salt}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${c.title}: training completed`,
    issuer: { id: input.issuer.key.did, type: ['Profile'], name: input.issuer.name, url: base },
    validFrom: seconds(input.completedAt),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: identityHash(input.userId, salt), identityType: 'identifier', hashed: true, salt }],
      achievement: {
        id: `${base}/v1/training-cohorts/${encodeURIComponent(c.cohortId)}`,
        type: ['Achievement'],
        achievementType: 'Course',
        name: c.title,
        description: `${c.project} training in ${c.domain} (${c.level}), ${c.plannedTheoryHours + c.plannedPracticeHours} planned class hours.`,
        criteria: { narrative: `Attended ${input.hours} class hours and passed the assessment (score ${input.score}).` },
        fieldOfStudy: c.domain,
        tag: [c.project, c.level],
      },
    },
  };
  return signDocument(document, input.issuer.key, input.completedAt);
}
