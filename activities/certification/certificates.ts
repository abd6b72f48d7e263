// Issuing and revoking certificates: a unique number, the validity window, the signed Open Badges 3.0
// credential, and the signed revocation status list (BitstringStatusList) every credential points to.
// Issuing is idempotent per application (a retried activity returns the certificate already issued).
import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { Prisma } from '../../prisma/generated/client';
import { isUniqueViolation } from '../../platform/database-errors';
import { addIsoDuration } from '../../core/iso-duration';
import {
  certificateCredential,
  identityHash,
  type IssuerKey,
  signDocument,
  STATUS_LIST_SIZE,
  statusListPosition,
  statusListUrl,
  VC_CONTEXT_V2,
} from './credential';
import type { IssueCertificateRequest, IssuedCertificateRecord, RevokeCertificateRequest } from '../../core/certification-review/records';
import { registeredIssuerKey } from './registered-issuer-key';

export interface CertificateDependencies {
  db: Database;
  log: Logger;
  /** Loads the issuer key on first use (the worker's start does not fail for a key it may never need). */
  issuerKey: () => IssuerKey;
  issuerName: string;
  baseUrl: string;
}

/** "DTE-2026-000042" */
export function certificateNumber(prefix: string, validFrom: Date, serial: number): string {
  return `${prefix}-${validFrom.getUTCFullYear()}-${String(serial).padStart(6, '0')}`;
}

/** The list's bits, left-most first, gzip-compressed and base64url-encoded with the multibase "u" prefix. */
export function encodeStatusList(setIndexes: number[]): string {
  const bits = Buffer.alloc(STATUS_LIST_SIZE / 8);
  for (const index of setIndexes) bits[index >> 3]! |= 0x80 >> (index & 7);
  return 'u' + gzipSync(bits).toString('base64url');
}

export function createCertificateActivities(deps: CertificateDependencies) {
  const { db } = deps;
  /** The issuer key, its public half recorded so verifiers recognise it. */
  const issuer = registeredIssuerKey(db, deps.issuerKey);

  /** Re-signs a status list from the revocations recorded now (serialised per list). */
  async function refreshStatusList(listId: number): Promise<void> {
    const key = await issuer();
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`certificate-status-list/${listId}`}, 0))`;
      const first = (listId - 1) * STATUS_LIST_SIZE;
      const revoked = await tx.certificate.findMany({
        where: { revokedAt: { not: null }, statusListIndex: { gte: first, lt: first + STATUS_LIST_SIZE } },
        select: { statusListIndex: true },
      });
      const url = statusListUrl(deps.baseUrl, listId);
      const credential = signDocument(
        {
          '@context': [VC_CONTEXT_V2],
          id: url,
          type: ['VerifiableCredential', 'BitstringStatusListCredential'],
          issuer: { id: key.did, type: ['Profile'], name: deps.issuerName },
          validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          credentialSubject: {
            id: `${url}#list`,
            type: 'BitstringStatusList',
            statusPurpose: 'revocation',
            encodedList: encodeStatusList(revoked.map((r) => statusListPosition(r.statusListIndex).index)),
          },
        },
        key,
        new Date(),
      );
      const json = credential as unknown as Prisma.InputJsonObject;
      await tx.certificateStatusList.upsert({ where: { id: listId }, create: { id: listId, credential: json }, update: { credential: json } });
    });
  }

  function issued(row: { id: string; number: string; validFrom: Date; validUntil: Date }): IssuedCertificateRecord {
    return { certificateId: row.id, number: row.number, validFrom: row.validFrom.toISOString(), validUntil: row.validUntil.toISOString() };
  }

  return {
    async issueCertificate(request: IssueCertificateRequest): Promise<IssuedCertificateRecord> {
      const existing = await db.certificate.findUnique({ where: { applicationId: request.applicationId } });
      if (existing) return issued(existing);
      const key = await issuer();
      const validFrom = new Date(request.issuedAt);
      const validUntil = addIsoDuration(validFrom, request.validity);
      const salt = randomBytes(16).toString('hex');
      let listId = 1;
      try {
        const row = await db.$transaction(async (tx) => {
          const [{ serial }] = await tx.$queryRaw<
            [{ serial: number }]
          >`SELECT nextval(pg_get_serial_sequence('certificates', 'status_list_index'))::int AS serial`;
          const number = certificateNumber(request.programme.certificatePrefix, validFrom, serial);
          const position = statusListPosition(serial);
          listId = position.listId;
          const id = randomUUID();
          const credential = signDocument(
            certificateCredential({
              baseUrl: deps.baseUrl,
              issuer: { key, name: deps.issuerName },
              certificateId: id,
              number,
              programme: request.programme,
              domain: request.domain,
              level: request.level,
              criteria: request.criteria,
              recipient: { identityHash: identityHash(request.candidateUserId, salt), salt },
              evidence: request.evidence,
              validFrom,
              validUntil,
              status: { listUrl: statusListUrl(deps.baseUrl, position.listId), index: position.index },
            }),
            key,
            validFrom,
          );
          return tx.certificate.create({
            data: {
              id,
              number,
              applicationId: request.applicationId,
              programmeId: request.programme.id,
              domain: request.domain,
              level: request.level,
              candidateUserId: request.candidateUserId,
              secretariatOrganizationId: request.programme.secretariatOrganizationId,
              statusListIndex: serial,
              validFrom,
              validUntil,
              credential: credential as unknown as Prisma.InputJsonObject,
              verificationMethod: key.verificationMethod,
              issuedAt: validFrom,
            },
          });
        });
        // The list the credential points to must exist before anyone resolves it.
        if (!(await db.certificateStatusList.findUnique({ where: { id: listId }, select: { id: true } }))) await refreshStatusList(listId);
        return issued(row);
      } catch (error) {
        // Another attempt of this activity won the race: its certificate is the one.
        if (!isUniqueViolation(error)) throw error;
        return issued(await db.certificate.findUniqueOrThrow({ where: { applicationId: request.applicationId } }));
      }
    },

    async revokeCertificate(request: RevokeCertificateRequest): Promise<void> {
      await db.certificate.updateMany({
        where: { applicationId: request.applicationId, revokedAt: null },
        data: { revokedAt: new Date(request.revokedAt), revokedBy: request.revokedBy, revocationReason: request.reason },
      });
      const row = await db.certificate.findUnique({ where: { applicationId: request.applicationId }, select: { statusListIndex: true } });
      if (row) await refreshStatusList(statusListPosition(row.statusListIndex).listId);
    },
  };
}
