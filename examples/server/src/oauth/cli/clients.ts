/**
 * `npm run clients -- <command>`: the client registry.
 *
 * - `create --name NAME --type public|confidential --redirect-uri URI (repeatable) --grant GRANT (repeatable)
 *   --scope "a b" [--first-party]`: prints `{client_id, client_secret?}` (the secret is shown once and stored hashed);
 * - `list`: every client, without secrets;
 * - `delete CLIENT_ID` (`delete -- CLIENT_ID` for an ID that starts with `-`).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { createClient, deleteClient, GRANT_TYPES, type GrantType, listClients } from '../clients.js';
import { SUPPORTED_SCOPES } from '../scopes.js';
import { oauthDb } from '../tables.js';
import { openForCli, runCli } from './open.js';

const USAGE = `Usage:
  npm run clients -- create --name NAME --type public|confidential [--redirect-uri URI]... [--grant GRANT]... [--scope "openid api:read"] [--first-party]
  npm run clients -- list
  npm run clients -- delete CLIENT_ID      (delete -- CLIENT_ID when the ID starts with -)
Grants: ${GRANT_TYPES.join(', ')} (default: authorization_code refresh_token). Scopes: ${SUPPORTED_SCOPES.join(' ')}`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      type: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      grant: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      'first-party': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.help || !['create', 'list', 'delete'].includes(command ?? '')) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const { db } = await openForCli();
  try {
    const odb = oauthDb(db);
    if (command === 'list') {
      console.log(JSON.stringify(await listClients(odb), null, 2));
    } else if (command === 'delete') {
      const id = positionals[1];
      if (!id) throw new Error('delete needs a CLIENT_ID');
      if (!(await deleteClient(odb, id))) throw new Error(`No client ${id}`);
      console.log(JSON.stringify({ deleted: id }));
    } else {
      if (!values.name) throw new Error('--name is required');
      if (values.type !== 'public' && values.type !== 'confidential') throw new Error('--type must be public or confidential');
      const grants = values.grant ?? ['authorization_code', 'refresh_token'];
      for (const g of grants) if (!(GRANT_TYPES as readonly string[]).includes(g)) throw new Error(`Unknown grant ${g} (one of ${GRANT_TYPES.join(', ')})`);
      const scopes = (values.scope ?? ['openid profile email api:read']).flatMap((s) => s.split(' ')).filter(Boolean);
      for (const s of scopes) if (!(SUPPORTED_SCOPES as readonly string[]).includes(s)) throw new Error(`Unknown scope ${s}`);
      const created = await createClient(odb, {
        name: values.name,
        type: values.type,
        redirectUris: values['redirect-uri'] ?? [],
        grantTypes: grants as GrantType[],
        scopes,
        firstParty: values['first-party'] ?? false,
      });
      console.log(JSON.stringify(created, null, 2));
    }
  } finally {
    await db.destroy();
  }
});
