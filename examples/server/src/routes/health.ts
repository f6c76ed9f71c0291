/**
 * `GET /health`: whether the database and Redis answer. 200 when both do, 503 otherwise, so a load
 * balancer or orchestrator can act on the status code alone.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../database.js';
import type { Deps } from '../deps.js';
import { pingRedis } from '../redis.js';
import { HealthOut } from '../schemas.js';

/**
 * Adds `GET /health`.
 *
 * @param app - The Fastify instance.
 * @param deps - The app's dependencies.
 * @example
 * ```ts
 * registerHealthRoute(app, deps);
 * ```
 */
export function registerHealthRoute(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Database and Redis status', response: { 200: HealthOut, 503: HealthOut } } },
    async (_request, reply) => {
      const [databaseOk, redisOk] = await Promise.all([pingDatabase(deps.db), deps.redis ? pingRedis(deps.redis) : undefined]);
      const database = databaseOk ? 'ok' : 'unavailable';
      const redis = redisOk === undefined ? 'not configured' : redisOk ? 'ok' : 'unavailable';
      const healthy = databaseOk && redisOk !== false;
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', database, redis });
    },
  );
}
