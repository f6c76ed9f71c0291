/**
 * SIGTERM (and SIGINT): drain, then close. `/health/ready` turns 503 at once; Fastify stops
 * accepting connections and closes idle keep-alive ones; requests in flight (and one whose headers
 * were still arriving) finish, their answers with `Connection: close`; then the database pool and the Redis connection close and the process
 * exits 0. Requests still running after the drain timeout are abandoned: exit 1.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from './deps.js';

/**
 * While draining, every response asks the client to close its connection: a keep-alive connection
 * whose request was in flight would otherwise stay open after the answer (Fastify keeps idle
 * connections 72 s) and hold the shutdown until the drain timeout.
 *
 * @param app - The Fastify instance, before routes are added.
 * @param deps - For the draining flag.
 * @example
 * ```ts
 * installDrainHeaders(app, deps);
 * ```
 */
export function installDrainHeaders(app: FastifyInstance, deps: Deps): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (deps.lifecycle.draining) reply.header('Connection', 'close');
    return payload;
  });
}

/**
 * Installs the signal handlers.
 *
 * @param app - The listening app (closing it closes the dependencies).
 * @param deps - For the draining flag `/health/ready` reads.
 * @param drainMs - How long in-flight requests may take to finish (`SHUTDOWN_DRAIN_SECONDS`).
 * @example
 * ```ts
 * installGracefulShutdown(app, deps, config.lifecycle.drainSeconds * 1000);
 * ```
 */
export function installGracefulShutdown(app: FastifyInstance, deps: Deps, drainMs: number): void {
  let started = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    deps.lifecycle.draining = true;
    app.log.info({ signal, drainMs }, 'shutdown: draining in-flight requests');
    setTimeout(() => {
      app.log.error({ drainMs }, 'shutdown: requests still in flight after the drain timeout; exiting');
      process.exit(1);
    }, drainMs).unref();
    // Backstop for connections that go idle during the drain without having read `Connection: close`.
    setInterval(() => app.server.closeIdleConnections(), 250).unref();
    app.close().then(
      () => {
        app.log.info('shutdown: drained, pools closed');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown: close failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => shutdown(signal));
}
