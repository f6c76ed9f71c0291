/**
 * `npm run keys -- <command>`: the authorization server's signing keys.
 *
 * - `list`: every key, its status and when a retired key leaves the JWKS;
 * - `rotate [--alg RS256|ES256|EdDSA]`: a new active key, published at once (every running instance
 *   loads it within `KEYS_RELOAD_SECONDS`) but signing only from `signs_from`, 40 s later by the
 *   database's clock (longer than the longest reload interval): no instance meets a token signed by
 *   a key it has not loaded. The previous key signs until then and stays published until every token
 *   it signed has expired: `retire_after` = `signs_from` + the longest token lifetime +
 *   `KEYS_RELOAD_SECONDS` (an instance whose reloads fail may still sign with it for that long).
 *   `--compromised` (a key leaked): the new key signs at once and every other key leaves the JWKS
 *   now; every instance refuses tokens of the old keys from its next reload (users sign in again).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { maxSignedTokenSeconds, OAUTH_SIGNING_ALGS, type OAuthSigningAlg } from '../config.js';
import { PUBLISH_BEFORE_SIGNING_SECONDS, rotateSigningKey } from '../signing-keys.js';
import { oauthDb } from '../tables.js';
import { openForCli, runCli } from './open.js';

const USAGE = 'Usage: npm run keys -- list | rotate [--alg RS256|ES256|EdDSA] [--compromised]';

runCli(async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { alg: { type: 'string' }, compromised: { type: 'boolean' }, help: { type: 'boolean' } } });
  const command = positionals[0];
  if (values.help || (command !== 'list' && command !== 'rotate')) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const { config, db } = await openForCli();
  try {
    const odb = oauthDb(db);
    const now = Math.floor(Date.now() / 1000);
    if (command === 'rotate') {
      const alg = values.alg ?? config.oauth.signingAlg;
      if (!(OAUTH_SIGNING_ALGS as readonly string[]).includes(alg)) throw new Error(`--alg must be one of ${OAUTH_SIGNING_ALGS.join(', ')}`);
      const reloadSeconds = config.lifecycle.keysReloadSeconds;
      const rotation = (await rotateSigningKey(odb, alg as OAuthSigningAlg, now, maxSignedTokenSeconds(config.oauth) + reloadSeconds, {
        publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS,
        compromised: values.compromised === true,
      }))!;
      const retired = rotation.retired.map((r) => ({ kid: r.kid, retire_after: new Date(r.retireAfter * 1000).toISOString() }));
      // `reaches_instances_by`: every running instance publishes (and verifies) the new key by then
      // (their reload interval); `active.signs_from`: they sign with it from then on.
      const reachesBy = new Date((now + reloadSeconds) * 1000).toISOString();
      const signsFrom = new Date(rotation.signsFrom * 1000).toISOString();
      console.log(JSON.stringify({ active: { kid: rotation.kid, alg: rotation.alg, signs_from: signsFrom }, retired, reaches_instances_by: reachesBy }, null, 2));
      return;
    }
    const rows = await odb
      .selectFrom('oauth_signing_keys')
      .select(['kid', 'alg', 'status', 'created_at', 'retire_after', 'signs_from'])
      .orderBy('created_at', 'desc')
      .execute();
    console.log(
      JSON.stringify(
        rows.map((r) => ({
          kid: r.kid,
          alg: r.alg,
          status: r.status,
          created_at: new Date(r.created_at * 1000).toISOString(),
          published: r.status === 'active' || (r.retire_after ?? 0) > now,
          ...(r.retire_after === null ? {} : { retire_after: new Date(r.retire_after * 1000).toISOString() }),
          ...(r.signs_from === null ? {} : { signs_from: new Date(Number(r.signs_from) * 1000).toISOString() }),
        })),
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
  }
});
