// The alliance the caller's organisation runs as secretariat (the first, if several), and its members.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';

export function useMyAlliance(organizationId: string | undefined) {
  return useQuery({
    queryKey: ['alliance', 'mine', organizationId],
    enabled: !!organizationId,
    queryFn: async () => {
      const page = await unwrap(api.GET('/v1/alliances', { params: { query: { secretariatOrganizationId: organizationId!, limit: 1 } } }));
      return page.items[0] ?? null;
    },
  });
}

export function useMembers(allianceId: string | undefined) {
  return useQuery({
    queryKey: ['alliance', allianceId, 'members'],
    enabled: !!allianceId,
    queryFn: async () => (await unwrap(api.GET('/v1/organizations', { params: { query: { allianceId: allianceId!, limit: 200 } } }))).items,
  });
}
