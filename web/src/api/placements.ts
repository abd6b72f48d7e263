// Placements: one placement's live view, the school's summary, positions, and the steps as calls.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { PlacementView } from './types';

export const placementKey = (id: string) => ['placement', id] as const;

export function usePlacement(id: string) {
  // Live: weeks pass and others act; a few seconds is fresh enough for a page someone is looking at.
  return useQuery({
    queryKey: placementKey(id),
    queryFn: () => unwrap(api.GET('/v1/placements/{id}', { params: { path: { id } } })) as Promise<unknown> as Promise<PlacementView>,
    refetchInterval: 4_000,
  });
}

export function useSchoolSummary(schoolId: string | undefined) {
  return useQuery({
    queryKey: ['placement-summary', schoolId],
    enabled: !!schoolId,
    refetchInterval: 5_000,
    queryFn: () => unwrap(api.GET('/v1/schools/{id}/placement-summary', { params: { path: { id: schoolId! } } })),
  });
}

export function usePositions() {
  return useQuery({
    queryKey: ['positions', 'open'],
    queryFn: async () => (await unwrap(api.GET('/v1/positions', { params: { query: { status: 'open', limit: 100 } } }))).items,
  });
}
