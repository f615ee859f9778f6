import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Notification } from '../domain/notification.js';
import { NOTIFICATION_PAGE_MAX, type NotificationService } from '../runtime/notification-service.js';
import { requireUser } from './auth-plugin.js';
import { notificationPage, unreadCount } from './responses.js';
import { errors, langOnly, langQuery, noContent } from './schemas.js';

/** A notification's id: a uuid, as the engine makes them; anything else is refused before a query. */
const notificationParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description: 'A notification id' }) });

const notificationView = ({ message, createdAt, readAt, ...rest }: Notification) => ({
  ...rest,
  title: message.title,
  ...(message.body ? { body: message.body } : {}),
  createdAt: createdAt.toISOString(),
  readAt: readAt ? readAt.toISOString() : null,
});

/** The signed-in person's own notifications (runtime/notification-service): list, unread count, marking read. */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationService }> = async (app, { notifications }) => {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        querystring: Type.Object(
          {
            ...langQuery,
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: NOTIFICATION_PAGE_MAX, default: 20 })),
            unread: Type.Optional(Type.Boolean({ default: false, description: 'Only those not yet read' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: notificationPage, ...errors(400, 401) },
      },
    },
    async (request) => {
      const found = await notifications.list(requireUser(request), request.query);
      return { ...found, notifications: found.notifications.map(notificationView) };
    },
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', querystring: langOnly, response: { 200: unreadCount, ...errors(401) } },
    },
    async (request) => notifications.unreadCount(requireUser(request)),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read (again: no change)',
        params: notificationParams,
        querystring: langOnly,
        response: { 204: noContent, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await notifications.markRead(requireUser(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        querystring: langOnly,
        response: { 200: Type.Object({ marked: Type.Integer({ description: 'How many were unread' }) }), ...errors(401) },
      },
    },
    async (request) => ({ marked: await notifications.markAllRead(requireUser(request)) }),
  );
};
