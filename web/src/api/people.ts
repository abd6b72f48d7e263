// Names for the user ids records carry: the users of the caller's own organisation (GET /v1/users shows
// no one else), and whatever names the page itself knows (a delegate's name, from the workflow).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../session/me';
import { api } from './client';
import { unwrap } from './problem';

export function useColleagues() {
  const { data: me } = useMe();
  return useQuery({
    queryKey: ['users', 'colleagues', me?.organization?.id],
    enabled: !!me,
    staleTime: 60_000,
    queryFn: async () => (await unwrap(api.GET('/v1/users', { params: { query: { limit: 200 } } }))).items,
  });
}

/**
 * id → a name to show: "me", "system", a colleague's or a known name; else the fallback the page has
 * (the party someone acted for), else a short id (someone of another organisation).
 */
export function useNameOf(known: Record<string, string> = {}): (id: string | null | undefined, fallback?: string) => string {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const colleagues = useColleagues();
  return (id, fallback) => {
    if (!id) return t('app.none');
    if (id === me?.id) return t('agreement.me');
    if (id === 'system') return t('agreement.system');
    return known[id] ?? colleagues.data?.find((u) => u.id === id)?.name ?? fallback ?? id.slice(0, 8);
  };
}
