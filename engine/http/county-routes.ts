import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DirectoryService } from '../runtime/directory-service.js';
import { requireUser } from './auth-plugin.js';
import { county, station, unit } from './responses.js';
import { errors } from './schemas.js';

/** Counties (public: the login page lists them) and the stations of the user's county. */
export const countyRoutes: FastifyPluginAsyncTypebox<{ directory: DirectoryService }> = async (app, { directory }) => {
  app.get(
    '/api/counties',
    {
      schema: {
        tags: ['counties'],
        summary: 'Counties served by this installation (for the login page)',
        response: { 200: Type.Array(county) },
      },
    },
    async () => directory.counties(),
  );

  app.get(
    '/api/stations',
    {
      schema: {
        tags: ['counties'],
        summary: "Stations of the user's county",
        response: { 200: Type.Array(station), ...errors(401) },
      },
    },
    async (request) => directory.stations(requireUser(request)),
  );

  app.get(
    '/api/units',
    {
      schema: {
        tags: ['counties'],
        summary: "Units of the user's county in service (承办单位 …), for pickers and names",
        response: { 200: Type.Array(unit), ...errors(401) },
      },
    },
    async (request) => directory.units(requireUser(request)),
  );
};
