// /v1/notifications: the caller's own inbox (written by the notify activity), newest first, and
// marking an entry read. Personal: nobody, an admin included, sees another user's inbox (404).
import { z } from 'zod';
import { notificationEventTypes } from '../../core/notifications/notification-event';
import type { Notification } from '../../prisma/generated/client';
import { NotFoundProblem } from '../errors';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { idParams } from '../parties/common';
import { defineRoute } from '../routing';

const notificationSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.enum(notificationEventTypes),
    resource: z.object({ type: z.string(), id: z.string() }),
    locale: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.string(),
    createdAt: z.string(),
    read: z.boolean(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

const notificationPageSchema = z.object({ items: z.array(notificationSchema), unreadCount: z.number().int(), ...pageInfo }).meta({ id: 'NotificationPage' });

const listQuery = z
  .object({
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'true: only unread entries; false: only read ones; omitted: all.' }),
    type: z.enum(notificationEventTypes).optional(),
    ...paginationQuery,
  })
  .strict();

function view(row: Notification) {
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.type,
    resource: { type: row.resourceType, id: row.resourceId },
    locale: row.locale,
    title: row.title,
    body: row.body,
    data: row.data as Record<string, unknown>,
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
    readAt: row.readAt?.toISOString() ?? null,
  };
}

export const notificationRoutes = [
  defineRoute({
    method: 'get',
    path: '/notifications',
    summary: "The caller's inbox, newest first (filters: unread, type)",
    tags: ['notifications'],
    access: { roles: 'any', note: "Only the caller's own notifications." },
    query: listQuery,
    responses: { 200: { description: 'A page of notifications', schema: notificationPageSchema } },
    handler: async ({ query, principal, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const mine = { userId: principal.userId };
      const [rows, unreadCount] = await Promise.all([
        deps.db.notification.findMany({
          where: {
            AND: [
              mine,
              page.where,
              query.unread === undefined ? {} : query.unread ? { readAt: null } : { readAt: { not: null } },
              query.type ? { type: query.type } : {},
            ],
          },
          orderBy: page.orderBy,
          take: page.take,
        }),
        deps.db.notification.count({ where: { ...mine, readAt: null } }),
      ]);
      const result = toPage(rows, query.limit);
      return { status: 200, body: { items: result.items.map(view), unreadCount, nextCursor: result.nextCursor } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/notifications/:id/read',
    summary: "Mark one of the caller's notifications read (again: no change)",
    tags: ['notifications'],
    access: { roles: 'any', note: "Only the caller's own notifications; others answer 404." },
    params: idParams,
    responses: { 200: { description: 'The notification, read', schema: notificationSchema } },
    handler: async ({ params, principal, deps }) => {
      const where = { id: params.id, userId: principal.userId };
      // The first read time stays: marking read twice changes nothing.
      await deps.db.notification.updateMany({ where: { ...where, readAt: null }, data: { readAt: new Date() } });
      const row = await deps.db.notification.findFirst({ where });
      if (!row) throw new NotFoundProblem('Notification');
      return { status: 200, body: view(row) };
    },
  }),
];
