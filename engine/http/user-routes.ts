import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DirectoryService } from '../runtime/directory-service.js';
import { requireUser } from './auth-plugin.js';
import { person } from './responses.js';
import { errors, langQuery } from './schemas.js';

/** The people of the user's county, for pickers, submitter names and the auditors' actor filter. */
export const userRoutes: FastifyPluginAsyncTypebox<{ directory: DirectoryService }> = async (app, { directory }) => {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['counties'],
        summary: "People of the user's county (optionally with one role)",
        querystring: Type.Object({ ...langQuery, role: Type.Optional(Type.String({ maxLength: 31 })) }, { additionalProperties: false }),
        response: { 200: Type.Array(person), ...errors(401) },
      },
    },
    async (request) => directory.people(requireUser(request), request.query.role),
  );
};
