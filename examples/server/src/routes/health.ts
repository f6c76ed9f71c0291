/**
 * Health checks, for load balancers and orchestrators that act on the status code alone:
 *
 * - `GET /health/live`: the process answers (no store is called: a database outage must not get
 *   every instance restarted);
 * - `GET /health/ready`: the database and Redis answer and the instance is not shutting down; 503
 *   otherwise, so traffic goes elsewhere;
 * - `GET /health`: the database and Redis, as before (kept for compatibility).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../database.js';
import type { Deps } from '../deps.js';
import { pingRedis } from '../redis.js';
import { HealthOut, LiveOut, ReadyOut } from '../schemas.js';

async function checkStores(deps: Deps) {
  const [databaseOk, redisOk] = await Promise.all([pingDatabase(deps.db), deps.redis ? pingRedis(deps.redis) : undefined]);
  return {
    healthy: databaseOk && redisOk !== false,
    database: databaseOk ? ('ok' as const) : ('unavailable' as const),
    redis: redisOk === undefined ? ('not configured' as const) : redisOk ? ('ok' as const) : ('unavailable' as const),
  };
}

/**
 * Adds `GET /health`, `/health/live` and `/health/ready`.
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
      const { healthy, database, redis } = await checkStores(deps);
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', database, redis });
    },
  );
  app.get('/health/live', { schema: { tags: ['health'], summary: 'The process is up (no store is called)', response: { 200: LiveOut } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/health/ready',
    { schema: { tags: ['health'], summary: 'Ready for traffic: stores reachable, not shutting down', response: { 200: ReadyOut, 503: ReadyOut } } },
    async (_request, reply) => {
      const { healthy, database, redis } = await checkStores(deps);
      const status = deps.lifecycle.draining ? 'draining' : healthy ? 'ok' : 'degraded';
      return reply.code(status === 'ok' ? 200 : 503).header('Cache-Control', 'no-store').send({ status, database, redis });
    },
  );
}
