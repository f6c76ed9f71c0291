/**
 * `npm run demo:sso` (repository root): the single sign-on demo. Starts the authorization server
 * (:8000, SQLite in examples/server/data/demo-sso.db), the resource server (:9000), and the SPA on a
 * second origin (:8100); registers the demo clients and a demo user; runs the service client once;
 * prints the URLs. Sign in on one SPA, then press "Sign in" on the other: no password prompt.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
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
const AS_URL = `http://${HOST}:8000`;
const RS_URL = `http://${HOST}:9000`;
const SPA_B_URL = `http://${HOST}:8100`;
const USER = { username: 'alice', password: 'correct horse battery', email: 'alice@example.com' };

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite:./data/demo-sso.db',
  APP_HOST: HOST,
  APP_PORT: '8000',
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

try {
  const clients = await prepare();
  children.push(await start('auth server', resolve(import.meta.dirname, 'server'), {}, /Serving on/));
  children.push(
    await start('resource server', resolve(import.meta.dirname, 'resource-server'), { AUTH_ISSUER: AS_URL, PORT: '9000', CORS_ORIGINS: `${AS_URL},${SPA_B_URL}` }, /Resource server on/),
  );
  await startSpaServer({ port: 8100, host: HOST, config: { issuer: AS_URL, clientId: clients.spaB.client_id, resourceServer: RS_URL, name: 'B' } });

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
