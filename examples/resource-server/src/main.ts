/**
 * Entry point: `npm start` (in this folder). Settings: `AUTH_ISSUER` (default
 * `http://127.0.0.1:8000`), `RESOURCE_AUDIENCE` (default `webjwt-resource-server`, the authorization
 * server's `OAUTH_AUDIENCE`), `PORT` (default 9000), `CORS_ORIGINS` (comma-separated).
 *
 * @module
 */
import { buildResourceServer } from './app.js';

const issuer = process.env.AUTH_ISSUER ?? 'http://127.0.0.1:8000';
const audience = process.env.RESOURCE_AUDIENCE ?? 'webjwt-resource-server';
const port = Number(process.env.PORT ?? 9000);
const corsOrigins = (process.env.CORS_ORIGINS ?? 'http://127.0.0.1:8000,http://127.0.0.1:8100').split(',').map((s) => s.trim()).filter(Boolean);

const { app } = await buildResourceServer({ issuer, audience, corsOrigins, logger: true });
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port });
console.log(`Resource server on http://127.0.0.1:${port} (trusting ${issuer} through its jwks_uri)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
