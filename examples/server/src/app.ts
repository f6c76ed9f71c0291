/**
 * Builds the Fastify app from its dependencies (the template's `main.py` app object): JSON-schema
 * validation, OpenAPI + Swagger UI from local assets, the routes, and FastAPI-style errors.
 * Building does not listen, so tests and `main.ts` decide where to serve it.
 *
 * @module
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Deps } from './deps.js';
import { installErrorHandlers } from './errors-handler.js';
import { installInputNormalization } from './normalize.js';
import { installRequestIds, requestId } from './request-id.js';
import { installDrainHeaders } from './shutdown.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerDebuggerRoute } from './routes/debugger.js';
import { registerHealthRoute } from './routes/health.js';
import { registerUserRoutes } from './routes/users.js';
import { registerOAuth } from './oauth/plugin.js';

/** Options for {@link buildApp} that are not settings: the logger. */
export interface BuildOptions {
  /** Fastify's logger option; default from `LOG_LEVEL`. Tests pass `false`. */
  logger?: FastifyServerOptions['logger'];
}

/**
 * Builds the app, ready to `listen`. Closing it closes the dependencies too.
 *
 * @param deps - From `createDeps`.
 * @param options - Logger override.
 * @returns The Fastify instance.
 * @example
 * ```ts
 * const app = await buildApp(await createDeps(config));
 * await app.listen({ host: config.host, port: config.port });
 * ```
 */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
    trustProxy: config.trustProxy,
    // Our own ID function: Fastify's requestIdHeader would take any incoming value as it is.
    genReqId: requestId,
    requestIdHeader: false,
    // A request that reaches a busy connection while the instance drains is served (its answer says
    // `Connection: close`, see shutdown.ts) rather than refused with Fastify's bare 503.
    return503OnClosing: false,
    bodyLimit: config.bodyLimit,
    // FastAPI-like strictness: no type coercion (a number is not a username); report every bad field.
    ajv: { customOptions: { coerceTypes: false, allErrors: true } },
  }) as unknown as FastifyInstance;

  installRequestIds(app);
  installDrainHeaders(app, deps);
  installErrorHandlers(app);
  installInputNormalization(app);
  // Fastify's JSON parser (which refuses `__proto__` poisoning), except that an empty body is no body:
  // `curl -X POST /logout -H 'content-type: application/json'` must not be an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body.length === 0 ? done(null, undefined) : parseJson(request, body.toString(), done),
  );
  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
  });
  app.addHook('onClose', async () => deps.close());

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'webjwt example server',
        version: '1.0.0',
        description:
          'The FastAPI JWT template, in TypeScript on webjwt. Log in with `POST /login`, press **Authorize** and paste the `access_token`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      tags: [
        { name: 'auth', description: 'Accounts and sessions' },
        { name: 'users', description: 'The authenticated user' },
        { name: 'health', description: 'Liveness and dependencies' },
      ],
    },
  });
  // Swagger UI's files come from the installed package, not a CDN.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: false, displayRequestDuration: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerHealthRoute(app, deps);
  registerDebuggerRoute(app);
  await registerOAuth(app, deps);
  return app;
}
