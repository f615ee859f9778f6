import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentRoutes } from './http/attachment-routes.js';
import { auditRoutes } from './http/audit-routes.js';
import { authPlugin } from './http/auth-plugin.js';
import { authRoutes } from './http/auth-routes.js';
import { countyRoutes } from './http/county-routes.js';
import { draftRoutes } from './http/draft-routes.js';
import { directoryRoutes } from './http/directory-routes.js';
import { directoryExcelRoutes } from './http/directory-excel-routes.js';
import { relationRoutes } from './http/relation-routes.js';
import { calendarRoutes } from './http/calendar-routes.js';
import { answerFrameworkError, registerErrorHandler } from './http/error-handler.js';
import { itemRoutes } from './http/item-routes.js';
import { operatorRoutes } from './http/operator-routes.js';
import { packRoutes } from './http/pack-routes.js';
import { packPublishingRoutes } from './http/pack-publishing-routes.js';
import { inboxRoutes } from './http/inbox-routes.js';
import { notificationRoutes } from './http/notification-routes.js';
import { userRoutes } from './http/user-routes.js';
import { publicBoardRoutes } from './http/public-board-routes.js';
import { dutyRoutes } from './http/duty-routes.js';
import { supervisionRoutes } from './http/supervision-routes.js';
import { securityHeaders } from './http/security-headers.js';
import type { TrustProxy } from './http/trust-proxy.js';
import { requestGuard } from './http/request-guard.js';
import type { PackRegistry } from './packs/pack-registry.js';
import { AttachmentService } from './runtime/attachment-service.js';
import { AuditService } from './runtime/audit-service.js';
import { AuthService } from './runtime/auth-service.js';
import { CountySetup } from './runtime/county-setup.js';
import { OperatorAuth } from './runtime/operator-auth.js';
import { DirectoryService } from './runtime/directory-service.js';
import { DirectoryAdmin } from './runtime/directory-admin.js';
import { DirectoryExport } from './runtime/directory-export.js';
import { DirectoryImport } from './runtime/directory-import.js';
import { HouseholdAdmin } from './runtime/household-admin.js';
import { RelationAdmin } from './runtime/relation-admin.js';
import { DraftService } from './runtime/draft-service.js';
import { CalendarAdmin } from './runtime/calendar-admin.js';
import { CalendarExport } from './runtime/calendar-export.js';
import { CalendarImport } from './runtime/calendar-import.js';
import { CountyCalendars } from './runtime/county-calendars.js';
import { InboxService } from './runtime/inbox-service.js';
import { NotificationService } from './runtime/notification-service.js';
import { ItemService } from './runtime/item-service.js';
import { PackPublishingService } from './runtime/pack-publishing-service.js';
import { PublicBoardService } from './runtime/public-board-service.js';
import { DutyBoardService } from './runtime/duty-board.js';
import { SupervisionService } from './runtime/supervision-service.js';
import { SupervisionExport } from './runtime/supervision-export.js';
import { systemClock, type Clock } from './runtime/clock.js';
import type { RecordKeys } from './record/record-keys.js';
import type { Store } from './store/store.js';

export interface AppOptions {
  store: Store;
  registry: PackRegistry;
  keys: RecordKeys;
  logger?: boolean;
  /** Folder of the built web app (dist/designer); served on the same port when it exists. */
  webRoot?: string;
  /** Which proxies' X-Forwarded-* headers to believe (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** Where the services read the time; the wall clock by default (tests pass a TestClock). */
  clock?: Clock;
  /** The counties' working calendars the engine computes deadlines with; the app tells them of its edits. Absent: a copy only the app's edits reach. */
  calendars?: CountyCalendars;
}

/**
 * Builds the HTTP app without listening: tests drive it with app.inject(), server.ts listens.
 * Each API area is its own plugin, given the runtime services it calls (never the store).
 */
export async function buildApp({ store, registry, keys, logger = false, webRoot, trustProxy = false, clock = systemClock, calendars = new CountyCalendars(store) }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    trustProxy,
    // Forms are small; a bound on the body is the first guard against abusive payloads (ajv allErrors).
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // Path parameters up to the longest a route takes (a draft key: 200); longer is refused by the router.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: answerFrameworkError,
  });
  // First, so that every answer carries the headers: the web app's files, /docs, errors, 404s.
  await app.register(helmet, securityHeaders);
  const serveWebApp = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  registerErrorHandler(app, serveWebApp ? (reply) => reply.type('text/html').sendFile('index.html') : undefined);
  if (serveWebApp) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  await app.register(cookie);
  await app.register(requestGuard);
  await app.register(swagger, {
    openapi: {
      info: {
        title: '人大代表联络工作流引擎 API',
        description: 'County deputy-liaison models as data, executed durably. Errors carry a code and messages in zh-CN and en.',
        version: '0.1.0',
      },
      tags: [
        { name: 'auth', description: '登录 / Login' },
        { name: 'counties', description: '区县与站点 / Counties and stations' },
        { name: 'directory', description: '人员、单位、站点、农户与关系管理（管理员） / People, units, stations, households and relations (administrators)' },
        { name: 'packs', description: '工作模式包 / County packs' },
        { name: 'items', description: '事项 / Items' },
        { name: 'notifications', description: '通知 / Notifications' },
        { name: 'public', description: '公示 / Public boards (no login)' },
        { name: 'calendar', description: '工作日历：法定节假日与调休上班 / The working calendar: public holidays and make-up working days' },
        { name: 'audit', description: '签名存证 / Signed checkpoints (auditors)' },
        { name: 'operator', description: '平台运维：区县的开通与停用 / The platform operator: setting up and disabling counties' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const auth = new AuthService(store, clock);
  const directory = new DirectoryService(store);
  const operators = new OperatorAuth(store, clock);
  await app.register(authPlugin, { auth, operators });
  await app.register(authRoutes, { auth, operators });
  await app.register(operatorRoutes, { setup: new CountySetup(store, clock) });
  await app.register(countyRoutes, { directory });
  await app.register(packRoutes, { registry });
  await app.register(packPublishingRoutes, { publishing: new PackPublishingService(store, registry) });
  await app.register(itemRoutes, { items: new ItemService(store, registry, keys, calendars, clock) });
  await app.register(attachmentRoutes, { attachments: new AttachmentService(store, registry, clock) });
  await app.register(draftRoutes, { drafts: new DraftService(store, clock) });
  await app.register(inboxRoutes, { inbox: new InboxService(store, registry) });
  const supervision = new SupervisionService(store, clock);
  await app.register(supervisionRoutes, { supervision, exporter: new SupervisionExport(store, supervision) });
  await app.register(notificationRoutes, { notifications: new NotificationService(store, clock) });
  await app.register(userRoutes, { directory });
  await app.register(directoryRoutes, { admin: new DirectoryAdmin(store, registry, clock) });
  await app.register(relationRoutes, { households: new HouseholdAdmin(store, clock), relations: new RelationAdmin(store, registry, clock) });
  await app.register(directoryExcelRoutes, { exporter: new DirectoryExport(store, registry, clock), importer: new DirectoryImport(store, registry, clock) });
  const calendar = new CalendarAdmin(store, calendars, clock);
  await app.register(calendarRoutes, { calendar, exporter: new CalendarExport(store, calendar), importer: new CalendarImport(calendar), clock });
  await app.register(publicBoardRoutes, { boards: new PublicBoardService(store, registry) });
  await app.register(dutyRoutes, { duties: new DutyBoardService(store, registry, clock) });
  await app.register(auditRoutes, { audit: new AuditService(store, keys) });
  return app;
}
