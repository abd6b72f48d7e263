// Reading agreements: one agreement's live view and its audit trail (typed in types.ts: the document
// declares no schema for these answers).
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { AgreementView, AuditTrail } from './types';

export const agreementKey = (id: string) => ['agreement', id] as const;

export function fetchAgreement(id: string): Promise<AgreementView> {
  return unwrap(api.GET('/v1/agreements/{id}', { params: { path: { id } } })) as Promise<unknown> as Promise<AgreementView>;
}

export function useAgreement(id: string) {
  // Live: others sign meanwhile; a few seconds is fresh enough for a page someone is looking at.
  return useQuery({ queryKey: agreementKey(id), queryFn: () => fetchAgreement(id), refetchInterval: 4_000 });
}

export function useAuditTrail(id: string) {
  return useQuery({
    queryKey: [...agreementKey(id), 'audit'],
    queryFn: () => unwrap(api.GET('/v1/agreements/{id}/audit', { params: { path: { id } } })) as Promise<unknown> as Promise<AuditTrail>,
    refetchInterval: 4_000,
  });
}
