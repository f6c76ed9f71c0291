/**
 * `npx tsx examples/service-client/main.ts`: gets a token with client credentials and calls the
 * resource server. Settings: `AUTH_ISSUER` (default `http://127.0.0.1:8000`), `CLIENT_ID`,
 * `CLIENT_SECRET` (from `npm run clients -- create --type confidential --grant client_credentials ...`),
 * `RESOURCE_URL` (default `http://127.0.0.1:9000`), `SCOPE` (default `api:read`).
 *
 * @module
 */
import { createServiceClient } from './client.js';

const { CLIENT_ID, CLIENT_SECRET } = process.env;
if (!CLIENT_ID || !CLIENT_SECRET) {
  console.error('Set CLIENT_ID and CLIENT_SECRET (create one with: npm run clients -w examples/server -- create --name job --type confidential --grant client_credentials --scope api:read)');
  process.exit(2);
}
const client = createServiceClient({
  issuer: process.env.AUTH_ISSUER ?? 'http://127.0.0.1:8000',
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  scope: process.env.SCOPE ?? 'api:read',
});
const url = `${process.env.RESOURCE_URL ?? 'http://127.0.0.1:9000'}/api/hello`;
const res = await client.call(url);
console.log(`GET ${url} -> ${res.status}`);
console.log(await res.text());
process.exitCode = res.ok ? 0 : 1;
