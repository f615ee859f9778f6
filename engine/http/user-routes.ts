import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { requireUser } from './auth-plugin.js';
import { errors, langQuery, person } from './schemas.js';

/** The people of the user's county, for pickers, submitter names and the auditors' actor filter. */
export async function userRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['counties'],
        summary: "People of the user's county (optionally with one role)",
        querystring: { type: 'object', properties: { ...langQuery, role: { type: 'string', maxLength: 31 } }, additionalProperties: false },
        response: {
          200: { type: 'array', items: person },
          ...errors(401),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const role = (request.query as { role?: string }).role;
      const users = await store.users.listUsers(user.countyId);
      return role ? users.filter((u) => u.roles.includes(role)) : users;
    },
  );
}
