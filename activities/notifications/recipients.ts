// Recipients: a user by id, or every active user of an organisation who holds a role. Resolved from
// the users table at send time, deduplicated, in a stable order.
import type { Database } from '../../platform/database';
import { Role } from '../../prisma/generated/enums';
import type { Recipient } from '../../core/notifications/notification-event';
import { type Locale, normalizeLocale } from './templates';

export interface ResolvedRecipient {
  userId: string;
  name: string;
  email: string | null;
  locale: Locale;
}

const knownRoles = new Set<string>(Object.values(Role));

export async function resolveRecipients(db: Database, recipients: readonly Recipient[]): Promise<ResolvedRecipient[]> {
  const userIds = new Set<string>();
  const groups: { organizationId: string; role: Role }[] = [];
  for (const recipient of recipients) {
    if ('userId' in recipient) userIds.add(recipient.userId);
    else if (knownRoles.has(recipient.role)) groups.push({ organizationId: recipient.organizationId, role: recipient.role as Role });
  }
  const or = [...(userIds.size ? [{ id: { in: [...userIds] } }] : []), ...groups.map((g) => ({ organizationId: g.organizationId, roles: { has: g.role } }))];
  if (or.length === 0) return [];
  const users = await db.user.findMany({
    where: { active: true, OR: or },
    select: { id: true, name: true, email: true, locale: true },
    orderBy: { id: 'asc' },
  });
  return users.map((u) => ({ userId: u.id, name: u.name, email: u.email?.trim() || null, locale: normalizeLocale(u.locale) }));
}
