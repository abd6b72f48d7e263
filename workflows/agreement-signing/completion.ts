// Completion: the signature records a seal covers, the sealed state, and what changed between two states
// (for the projection). Pure.
import type { SignatureRecord } from '../../core/agreement-signing/seal';
import type { AgreementState, PartyRecord } from './state';

// ---------------------------------------------------------------------------------------------------
// Completion

/** The signature and approval records of the current version, as the seal and the certificate list them. */
export function signatureRecords(state: AgreementState): SignatureRecord[] {
  return state.parties.flatMap((p) =>
    p.action && (p.action.step === 'signed' || p.action.step === 'approved')
      ? [
          {
            partyId: p.partyId,
            role: p.role,
            step: p.action.step,
            actedBy: p.action.by,
            onBehalfOf: p.kind === 'organization' ? p.organizationId : null,
            delegated: p.action.delegated,
            documentSha256: p.action.documentSha256 ?? state.documentSha256,
            at: p.action.at,
          },
        ]
      : [],
  );
}

/** Parties whose recorded state differs between two states (what a projection write must update). */
export function changedParties(before: AgreementState, after: AgreementState): PartyRecord[] {
  return after.parties.filter((p, index) => {
    const old = before.parties[index];
    return !old || old.state !== p.state || old.delegatedTo?.userId !== p.delegatedTo?.userId || old.action?.at !== p.action?.at;
  });
}

export function sealed(state: AgreementState, seal: string, auditHead: { sequence: number; hash: string }): AgreementState {
  return { ...state, seal, auditHead };
}
