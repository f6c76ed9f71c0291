// Check "fetch-handler": the block's default export is a fetch handler (Deno, Bun, Cloudflare
// Workers style) that answers `GET /me` for a valid HS256 bearer token signed with JWT_SECRET and
// 401 otherwise. Runs in the block's own runtime.
import handler from './block.js';
import { importKey, sign } from 'webjwt';

type Handler = { fetch(request: Request, env: Record<string, string>): Response | Promise<Response> };
const runtime = globalThis as { Deno?: { env: { get(name: string): string | undefined } }; process?: { env: Record<string, string | undefined> } };
const secret = runtime.Deno?.env.get('JWT_SECRET') ?? runtime.process?.env.JWT_SECRET;
if (secret === undefined) throw new Error('JWT_SECRET is not set');
const env = { JWT_SECRET: secret };
const app = handler as unknown as Handler;
const call = (authorization?: string) =>
  app.fetch(new Request('https://api.example.com/me', authorization ? { headers: { authorization } } : {}), env);

const key = await importKey(secret, 'HS256');
const good = await sign({ sub: 'user-42' }, key, { expiresIn: '5m' });
const expired = await sign({ sub: 'user-42' }, key, { expiresIn: 60, clock: () => Date.now() - 3_600_000 });
const other = await sign({ sub: 'user-42' }, await importKey('another-secret-of-at-least-32-bytes!!', 'HS256'));

const ok = await call(`Bearer ${good}`);
const body = await ok.text();
if (ok.status !== 200 || !body.includes('user-42')) throw new Error(`valid token: ${ok.status} ${body}`);
for (const [name, authorization] of [['no token', undefined], ['expired', `Bearer ${expired}`], ['wrong key', `Bearer ${other}`]] as const) {
  const response = await call(authorization);
  if (response.status !== 401) throw new Error(`${name}: expected 401, got ${response.status}`);
}
console.log('fetch-handler check passed');
