// Writes an agreement's records and its listing projection. The workflow is the source of truth; each
// write here sets absolute values or inserts rows under keys the workflow chose (version, party,
// sequence), so a retried activity leaves the same rows as a single run: upserts, createMany with
// skipDuplicates, updates to given values. Every write is one transaction.
import type { Database } from '../../platform/database';
import { type AuditKeys, sealSigningText } from '../audit/audit-signing';
import type { AgreementKind, AgreementStatus, ResolvedParty, WorkflowDocument } from '../../core/agreement-signing/input';
import type { PartyState } from '../../core/agreement-signing/messages';
import { createDocumentStore } from '../documents/store';
import type { SignatureRecord } from '../../core/agreement-signing/seal';
import type { AppendedAuditEntry, AuditEntryInput } from '../../core/audit/audit-entry';
import { appendAuditEntryAfter, type WrittenWithEntries } from '../audit/audit-trail';
import { writeAgreementLaunched } from './agreement-launch-statement';
import { partyRowsUpdate, writeAgreementProgress } from './agreement-progress-statement';

export interface PartyProgress {
  partyId: string;
  state: PartyState;
  delegatedToUserId: string | null;
  actedAt: string | null;
}

export interface VersionRecord {
  version: number;
  documentSha256: string;
  document: WorkflowDocument;
  createdBy: string;
  createdAt: string;
  note: string | null;
}

export interface AgreementLaunchedRecord {
  agreementId: string;
  workflowId: string;
  allianceId: string;
  secretariatOrganizationId: string;
  launchedBy: string;
  title: string;
  kind: AgreementKind;
  /** The workflow's start: the row's createdAt, so lists keep the order agreements were launched in. */
  launchedAt?: string;
  deadlineAt: string;
  currentRoutingGroup: number | null;
  firstVersion: VersionRecord;
  parties: (ResolvedParty & { state: PartyState })[];
}

export interface AgreementProgressRecord {
  agreementId: string;
  currentRoutingGroup: number | null;
  parties: PartyProgress[];
  signature?: SignatureRecord & { version: number };
  delegation?: { partyId: string; sequence: number; version: number; from: string; to: string; reason: string | null; at: string };
}

export interface AgreementAmendedRecord {
  agreementId: string;
  version: VersionRecord;
  currentRoutingGroup: number | null;
  parties: PartyProgress[];
}

export interface AgreementClosedRecord {
  agreementId: string;
  status: Extract<AgreementStatus, 'declined' | 'voided' | 'expired'>;
  closedAt: string;
  closedBy: string;
  closedReason: string | null;
  parties: PartyProgress[];
}

export interface AgreementCompletedRecord {
  agreementId: string;
  effectiveAt: string;
  effectiveUntil: string | null;
  seal: string;
  auditHead: { sequence: number; hash: string };
}

/**
 * A step of an agreement as one activity writes it: its audit entry, then the rows that go with it.
 * `after`: the trail's head as the workflow's previous write answered it (absent: read it).
 */
export type AgreementStepRecord = { entry: AuditEntryInput; after?: AppendedAuditEntry } & (
  { launched: AgreementLaunchedRecord } | { progress: AgreementProgressRecord } | { amended: AgreementAmendedRecord } | { closed: AgreementClosedRecord }
);

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

function versionRow(agreementId: string, v: VersionRecord) {
  return {
    agreementId,
    version: v.version,
    documentSha256: v.documentSha256,
    documentReference: 'reference' in v.document ? v.document.reference : null,
    createdBy: v.createdBy,
    note: v.note,
    createdAt: new Date(v.createdAt),
  };
}

export function createAgreementProjectionActivities(db: Database, keys: AuditKeys) {
  const documents = createDocumentStore(db);
  // A workflow started before the document store carries its text inline: the text moves into the
  // store (idempotent), like the bodies the API stores itself, so every version is read the same way.
  const storeInlineText = async (v: VersionRecord) => {
    if ('text' in v.document) await documents.putText(v.document.text);
  };
  /** Every changed party in one statement (empty when none changed). */
  const partyUpdates = (agreementId: string, parties: PartyProgress[]) => (parties.length ? [db.$executeRaw(partyRowsUpdate(agreementId, parties))] : []);
  /** As Prisma's update did, a party row that is not there is an error (the activity is retried). */
  const allPartiesWritten = (agreementId: string, parties: PartyProgress[], written: unknown[]) => {
    if (parties.length && written[0] !== parties.length)
      throw new Error(`Agreement ${agreementId}: ${String(written[0])} of ${parties.length} party rows written`);
  };

  const activities = {
    /** The agreement, its parties and first version: one statement (agreement-launch-statement.ts). */
    async recordAgreementLaunched(record: AgreementLaunchedRecord): Promise<void> {
      await storeInlineText(record.firstVersion);
      await writeAgreementLaunched(db, record);
    },

    /** A party step (sign, approve, decline, delegate) and the routing it moved: one statement. */
    async recordAgreementProgress(record: AgreementProgressRecord): Promise<void> {
      await writeAgreementProgress(db, record);
    },

    /** A new document version: its row, the agreement's current version, every party reset. */
    async recordAgreementAmended(record: AgreementAmendedRecord): Promise<void> {
      await storeInlineText(record.version);
      const [, ...written] = await db.$transaction([
        db.agreementVersion.createMany({ data: [versionRow(record.agreementId, record.version)], skipDuplicates: true }),
        ...partyUpdates(record.agreementId, record.parties),
        db.agreement.update({
          where: { id: record.agreementId },
          data: {
            version: record.version.version,
            documentSha256: record.version.documentSha256,
            currentRoutingGroup: record.currentRoutingGroup,
          },
        }),
      ]);
      allPartiesWritten(record.agreementId, record.parties, written);
    },

    /** Declined, voided or expired: the agreement's outcome. */
    async recordAgreementClosed(record: AgreementClosedRecord): Promise<void> {
      const written = await db.$transaction([
        ...partyUpdates(record.agreementId, record.parties),
        db.agreement.update({
          where: { id: record.agreementId },
          data: {
            status: record.status,
            currentRoutingGroup: null,
            closedAt: new Date(record.closedAt),
            closedBy: record.closedBy,
            closedReason: record.closedReason,
          },
        }),
      ]);
      allPartiesWritten(record.agreementId, record.parties, written);
    },

    /** Effective and sealed: written together, so an effective row always has its seal. */
    async recordAgreementCompleted(record: AgreementCompletedRecord): Promise<void> {
      // The seal signed here, in the activity (the workflow holds no key): recomputing the seal over
      // rewritten records no longer gives one that verifies. Ed25519 is deterministic, so a retry writes
      // the same signature.
      const { signature, signingKey } = keys.sign(sealSigningText(record));
      await db.agreement.update({
        where: { id: record.agreementId },
        data: {
          status: 'effective',
          currentRoutingGroup: null,
          effectiveAt: new Date(record.effectiveAt),
          effectiveUntil: date(record.effectiveUntil),
          seal: record.seal,
          auditHeadSequence: record.auditHead.sequence,
          auditHeadHash: record.auditHead.hash,
          sealSignature: signature,
          sealSigningKey: signingKey,
        },
      });
    },
  };
  return {
    ...activities,

    /**
     * A step's audit entry and its rows in one activity: one server round trip where two bought nothing.
     * A launch or a party step (the steps every agreement takes) writes both in one statement, the
     * entry's INSERT one more of its CTEs; the others append the entry first, as the separate activities
     * wrote them, so the trail never lags the rows.
     */
    async recordAgreementStep(record: AgreementStepRecord): Promise<AppendedAuditEntry> {
      const { entry, after } = record;
      const append = (together?: WrittenWithEntries) => appendAuditEntryAfter(db, keys, entry, { after, together });
      if ('launched' in record) {
        await storeInlineText(record.launched.firstVersion);
        return append((insert) => writeAgreementLaunched(db, record.launched, insert));
      }
      if ('progress' in record) return append((insert) => writeAgreementProgress(db, record.progress, insert));
      const appended = await append();
      if ('amended' in record) await activities.recordAgreementAmended(record.amended);
      else await activities.recordAgreementClosed(record.closed);
      return appended;
    },
  };
}
