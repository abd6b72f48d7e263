// /v1/certificates: verification (public by number; a presented credential for any caller), the revocation
// status lists the credentials point to, and revocation by the programme's secretariat.
import { z } from 'zod';
import { verifyCertificate } from '../../activities/certification/verification';
import { numberFromCredential } from '../../activities/certification/verification';
import { revokeRequest, revokeUpdate } from '../../workflows/certification-review/contract';
import { NotFoundProblem, ValidationProblem } from '../errors';
import { certificatePdf, verificationPageUrl } from './certificate-pdf';
import { defineRoute } from '../routing';
import { actorOf } from '../actor';
import { applicationStep } from './process';
import { stepResultSchema } from './schemas';
import { programmeSecretariatScope } from './visibility';

const numberParams = z.object({ number: z.string().regex(/^[A-Z]{2,8}-\d{4}-\d{6,}$/, 'is not a certificate number') }).strict();

const verificationSchema = z
  .object({
    number: z.string(),
    status: z.enum(['valid', 'expired', 'not_yet_valid', 'revoked', 'invalid']),
    checks: z.record(z.string(), z.unknown()),
    credential: z.unknown(),
  })
  .meta({ id: 'CertificateVerification' });

const verifyRequest = z
  .object({
    /** The credential as its holder presents it (JSON). */
    credential: z.record(z.string(), z.unknown()),
    /** Optionally, whom it should have been issued to: their user id is hashed with the credential's salt. */
    recipientId: z.string().min(1).max(128).optional(),
  })
  .strict();

export const certificateRoutes = [
  defineRoute({
    method: 'get',
    path: '/certificates/:number/verify',
    summary: 'Verify a certificate by its number: signature, validity window and revocation; with the credential',
    tags: ['certification'],
    access: { public: true },
    params: numberParams,
    query: z.object({ recipientId: z.string().min(1).max(128).optional() }).strict(),
    responses: { 200: { description: 'valid, expired, not yet valid, revoked or invalid (tampered)', schema: verificationSchema } },
    handler: async ({ params, query, deps }) => {
      const result = await verifyCertificate(deps.db, { number: params.number, recipientId: query.recipientId });
      if (!result) throw new NotFoundProblem(`Certificate ${params.number}`);
      return { status: 200, body: result };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/certificates/verify',
    summary: 'Verify a presented credential: its proof, that this issuer issued it, its validity window and revocation',
    tags: ['certification'],
    // Any authenticated caller (an employer checking what a holder presents); by number, GET .../verify is public.
    access: { roles: 'any' },
    body: verifyRequest,
    bodyExample: {
      credential: {
        id: 'http://127.0.0.1:3000/v1/certificates/MTX-2026-000001',
        name: 'Matrix digital technology engineer: big-data (junior)',
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        proof: {
          type: 'DataIntegrityProof',
          created: '2026-12-05T22:01:06Z',
          '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
          proofValue: 'z2eemnzpi1mcRJTrjx8kaF4FpUHbLZHKjHjYyTFgFpB9RaxSGekshfkH5fLDc84G2g5HV8WPfan7WWDGZNTnwrZnf',
          cryptosuite: 'eddsa-jcs-2022',
          proofPurpose: 'assertionMethod',
          verificationMethod: 'did:key:z6MkrDCowqNxgjcWDaAnkaURpLDKQmLj5kswfEMwTTirLSoQ#z6MkrDCowqNxgjcWDaAnkaURpLDKQmLj5kswfEMwTTirLSoQ',
        },
        issuer: {
          id: 'did:key:z6MkrDCowqNxgjcWDaAnkaURpLDKQmLj5kswfEMwTTirLSoQ',
          url: 'http://127.0.0.1:3000',
          name: 'AllianceFlow Certification',
          type: ['Profile'],
        },
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        evidence: [],
        validFrom: '2026-12-05T22:01:06Z',
        validUntil: '2027-12-05T22:01:06Z',
        credentialSchema: [
          { id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' },
        ],
        credentialStatus: {
          id: 'http://127.0.0.1:3000/v1/certificate-status-lists/1#1',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: '1',
          statusListCredential: 'http://127.0.0.1:3000/v1/certificate-status-lists/1',
        },
        credentialSubject: {
          type: ['AchievementSubject'],
          identifier: [
            {
              salt: 'd13821baf80390d01ab3e5c97738732d',
              type: 'IdentityObject',
              hashed: true,
              identityHash: 'sha256$233b3d2c29fdf751450b37beee1fdbacf6bf34951f902bc74e81c10fa34526d7',
              identityType: 'identifier',
            },
          ],
          achievement: {
            id: 'http://127.0.0.1:3000/v1/certification-programmes/matrix-s-aaf857a9#big-data/junior',
            tag: ['junior'],
            name: 'Matrix digital technology engineer — big-data, junior',
            type: ['Achievement'],
            criteria: {
              narrative:
                'At least 100 hours of standardised training; a theory exam score of at least 60 and a practical exam score of at least 60; a formal review, an expert panel review and a public notice without upheld objections.',
            },
            description: 'Certificate MTX-2026-000001 of the Matrix digital technology engineer programme, domain big-data, level junior.',
            fieldOfStudy: 'big-data',
            achievementType: 'Certificate',
          },
        },
      },
    },
    responses: { 200: { description: 'The verification', schema: verificationSchema } },
    handler: async ({ body, deps }) => {
      const number = numberFromCredential(body.credential);
      if (!number) throw new ValidationProblem([{ path: '/credential/id', message: 'does not name a certificate of this issuer' }]);
      const result = await verifyCertificate(deps.db, { number, credential: body.credential, recipientId: body.recipientId });
      if (!result) throw new NotFoundProblem(`Certificate ${number}`);
      return { status: 200, body: result };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certificates/:number/pdf',
    summary: 'The certificate as a printable PDF, with a QR code to its public verification page',
    tags: ['certification'],
    access: { roles: 'any', note: "Only the holder, the programme's secretariat and admins (else 404)." },
    params: numberParams,
    responses: { 200: { description: 'application/pdf: the certificate, its number and a QR code to /verify/{number}' } },
    handler: async ({ params, principal, deps }) => {
      const row = await deps.db.certificate.findUnique({ where: { number: params.number } });
      const mayRead =
        row &&
        (principal.roles.has('admin') ||
          row.candidateUserId === principal.userId ||
          (principal.roles.has('secretariat') && principal.organizationId === row.secretariatOrganizationId));
      if (!row || !mayRead) throw new NotFoundProblem(`Certificate ${params.number}`);
      const [holder, programme] = await Promise.all([
        deps.db.user.findUnique({ where: { id: row.candidateUserId }, select: { name: true } }),
        deps.db.certificationProgramme.findUnique({ where: { id: row.programmeId }, select: { name: true } }),
      ]);
      const issuer = (row.credential as { issuer?: { name?: unknown } } | null)?.issuer?.name;
      const pdf = await certificatePdf({
        certificate: row,
        holderName: holder?.name ?? row.candidateUserId,
        programmeName: programme?.name ?? row.programmeId,
        issuerName: typeof issuer === 'string' ? issuer : deps.config.certification.issuerName,
        verificationUrl: verificationPageUrl(deps.config.certification.baseUrl, row.number),
      });
      return {
        status: 200,
        contentType: 'application/pdf',
        headers: { 'content-disposition': `inline; filename="${row.number}.pdf"`, 'cache-control': 'private, no-cache' },
        body: pdf,
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certificate-status-lists/:id',
    summary: 'A signed revocation status list (BitstringStatusListCredential) that credentials point to',
    tags: ['certification'],
    access: { public: true },
    params: z.object({ id: z.coerce.number().int().min(1).max(1_000_000) }).strict(),
    responses: { 200: { description: 'The status list credential' } },
    handler: async ({ params, deps }) => {
      const row = await deps.db.certificateStatusList.findUnique({ where: { id: params.id } });
      if (!row) throw new NotFoundProblem(`Status list ${params.id}`);
      return { status: 200, body: row.credential, headers: { 'cache-control': 'max-age=60' } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/certificates/:number/revoke',
    summary: 'Revoke a certificate (with a reason); verification then answers revoked',
    tags: ['certification'],
    access: {
      roles: ['secretariat'],
      scope: programmeSecretariatScope<z.infer<typeof numberParams>>('Certificate', ({ number }, deps) =>
        deps.db.certificate.findUnique({ where: { number }, select: { secretariatOrganizationId: true } }),
      ),
    },
    params: numberParams,
    body: revokeRequest,
    bodyExample: { reason: 'Issued in error.' },
    responses: { 200: { description: 'Revoked (or revoked before)', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) => {
      const row = await deps.db.certificate.findUnique({ where: { number: params.number }, select: { applicationId: true, revokedAt: true } });
      if (!row) throw new NotFoundProblem(`Certificate ${params.number}`);
      // Revoked before: the application's process has ended; the answer is the same as the first time.
      if (row.revokedAt)
        return { status: 200, body: { applicationId: row.applicationId, step: 'revoke', status: 'revoked', task: null, objectionId: null, alreadyDone: true } };
      return applicationStep(deps, principal, row.applicationId, revokeUpdate, { actor: actorOf(principal), reason: body.reason });
    },
  }),
];
