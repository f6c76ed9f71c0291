/**
 * `npm run demo:sso` (repository root): the single sign-on demo. Starts the authorization server
 * (:8000, SQLite in examples/server/data/demo-sso.db), the resource server (:9000), and the SPA on a
 * second origin (:8100); registers the demo clients and a demo user; runs the service client once;
 * prints the URLs. Sign in on one SPA, then press "Sign in" on the other: no password prompt.
 *
 * The ports come from `DEMO_AUTH_PORT`, `DEMO_RESOURCE_PORT` and `DEMO_SPA_PORT`. They are checked
 * before anything else: a second start while the first runs stops with one line and leaves the
 * first one's clients alone (registering the demo clients replaces the previous ones).
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createPasswords } from './server/src/auth/passwords.js';
import { loadConfig } from './server/src/config.js';
import { migrate, openDatabase } from './server/src/database.js';
import { createClient, deleteClient, listClients } from './server/src/oauth/clients.js';
import { oauthDb } from './server/src/oauth/tables.js';
import { createUser, findUserByUsername } from './server/src/users.js';
import { createServiceClient } from './service-client/client.js';
import { startSpaServer } from './spa/serve.js';

const HOST = '127.0.0.1';

/** One line on stderr and exit 1: what the user must change is in the message. */
function fail(message: string): never {
  console.error(`Demo failed: ${message}`);
  process.exit(1);
}

function port(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) fail(`${name} must be a port number from 1 to 65535, got "${raw}"`);
  return value;
}

const PORTS = { auth: port('DEMO_AUTH_PORT', 8000), resource: port('DEMO_RESOURCE_PORT', 9000), spa: port('DEMO_SPA_PORT', 8100) };
if (new Set(Object.values(PORTS)).size !== 3) fail('DEMO_AUTH_PORT, DEMO_RESOURCE_PORT and DEMO_SPA_PORT must be three different ports');
const AS_URL = `http://${HOST}:${PORTS.auth}`;
const RS_URL = `http://${HOST}:${PORTS.resource}`;
const SPA_B_URL = `http://${HOST}:${PORTS.spa}`;

/** Resolves when `port` can be listened on, else rejects with the reason (EADDRINUSE, EACCES). */
function checkPortFree(portNumber: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: HOST, port: portNumber, exclusive: true }, () => probe.close(() => resolvePromise()));
  });
}

async function checkPorts(): Promise<void> {
  const names = { auth: 'DEMO_AUTH_PORT (authorization server)', resource: 'DEMO_RESOURCE_PORT (resource server)', spa: 'DEMO_SPA_PORT (SPA B)' };
  for (const [key, portNumber] of Object.entries(PORTS) as [keyof typeof PORTS, number][]) {
    try {
      await checkPortFree(portNumber);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      const why = code === 'EADDRINUSE' ? 'is in use (is the demo already running?)' : `cannot be used (${code})`;
      fail(`port ${portNumber} of ${names[key]} on ${HOST} ${why}: stop what holds it or set ${names[key].split(' ')[0]} to a free port`);
    }
  }
}
const USER = { username: 'alice', password: 'correct horse battery', email: 'alice@example.com' };

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite:./data/demo-sso.db',
  APP_HOST: HOST,
  APP_PORT: String(PORTS.auth),
  OAUTH_ISSUER: AS_URL,
  SPA_RESOURCE_URL: RS_URL,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

/** Registers fresh demo clients (secrets are only shown at creation) and the demo user. */
async function prepare() {
  const config = loadConfig(env);
  const db = openDatabase(config.database);
  try {
    await migrate(db, config.database.kind);
    const odb = oauthDb(db);
    const passwords = createPasswords(config.scrypt);
    for (const client of await listClients(odb)) if (client.name.startsWith('demo:')) await deleteClient(odb, client.clientId);
    const scopes = ['openid', 'profile', 'email', 'api:read'];
    const grants = ['authorization_code', 'refresh_token'] as const;
    const spaA = await createClient(odb, { name: 'demo: SPA A', type: 'public', redirectUris: [`${AS_URL}/spa/`], grantTypes: [...grants], scopes, firstParty: true });
    const spaB = await createClient(odb, { name: 'demo: SPA B', type: 'public', redirectUris: [`${SPA_B_URL}/`], grantTypes: [...grants], scopes, firstParty: true });
    const service = await createClient(odb, { name: 'demo: service', type: 'confidential', redirectUris: [], grantTypes: ['client_credentials'], scopes: ['api:read'], firstParty: true });
    if (!(await findUserByUsername(db, USER.username))) {
      await createUser(db, { username: USER.username, email: USER.email, hashedPassword: await passwords.hash(USER.password) }, Date.now());
    }
    return { spaA, spaB, service };
  } finally {
    await db.destroy();
  }
}

function start(name: string, cwd: string, extraEnv: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (ready.test(text)) resolvePromise(child);
      if (!/^\{"level"/.test(text)) process.stdout.write(`[${name}] ${text}`);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) child.kill('SIGTERM');
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAll();
    process.exit(0);
  });
}

// Ports first: registering the demo clients below replaces those of a demo that is still running.
await checkPorts();

try {
  const clients = await prepare();
  children.push(await start('auth server', resolve(import.meta.dirname, 'server'), {}, /Serving on/));
  children.push(
    await start('resource server', resolve(import.meta.dirname, 'resource-server'), { AUTH_ISSUER: AS_URL, PORT: String(PORTS.resource), CORS_ORIGINS: `${AS_URL},${SPA_B_URL}` }, /Resource server on/),
  );
  await startSpaServer({ port: PORTS.spa, host: HOST, config: { issuer: AS_URL, clientId: clients.spaB.client_id, resourceServer: RS_URL, name: 'B' } });

  const service = createServiceClient({ issuer: AS_URL, clientId: clients.service.client_id, clientSecret: clients.service.client_secret!, scope: 'api:read' });
  const res = await service.call(`${RS_URL}/api/hello`);
  console.log(`\nService client (client credentials) -> resource server: ${res.status} ${await res.text()}`);
  console.log(`
SSO demo is running (Ctrl-C stops everything):
  Authorization server  ${AS_URL}   (discovery: ${AS_URL}/.well-known/openid-configuration)
  Resource server       ${RS_URL}   (GET /api/hello needs api:read)
  SPA A                 ${AS_URL}/spa/
  SPA B (other origin)  ${SPA_B_URL}/
  User                  ${USER.username} / ${USER.password}

Sign in on SPA A, then press "Sign in" on SPA B: it comes back signed in without a password prompt.
Service client: CLIENT_ID=${clients.service.client_id} CLIENT_SECRET=${clients.service.client_secret} npx tsx examples/service-client/main.ts
`);
} catch (err) {
  console.error(`Demo failed: ${err instanceof Error ? err.message : String(err)}`);
  stopAll();
  process.exit(1);
}
