// Check "sql-store": runs the block's `sqlRevocationStore` and `revocationSchema` on a real SQL
// engine (in-memory SQLite through better-sqlite3), with `$1` placeholders mapped to SQLite's
// named parameters, directly and through `verify`.
import Database from 'better-sqlite3';
import { generateSecret, isJwtError, sign, verify } from 'webjwt';
import { revocationSchema, type SqlClient, sqlRevocationStore } from './block.js';

const db = new Database(':memory:');
db.exec(revocationSchema);
const client: SqlClient = {
  async query(text, params) {
    const statement = db.prepare(text.replace(/\$(\d+)/g, '@p$1'));
    const named = Object.fromEntries(params.map((value, i) => [`p${i + 1}`, value]));
    if (statement.reader) return { rows: statement.all(named) as Record<string, unknown>[] };
    statement.run(named);
    return { rows: [] };
  },
};
let clock = Math.floor(Date.now() / 1000);
const store = sqlRevocationStore(client, () => clock);
const t = clock;
const assert = (value: boolean, what: string) => {
  if (!value) throw new Error(what);
};

await store.revoke('jti-1', t + 60);
await store.revoke('jti-1', t + 120); // revoking twice is fine
assert((await store.isRevoked({ jti: 'jti-1', sub: 'u1', iat: t })) === true, 'revoked jti');
assert((await store.isRevoked({ jti: 'jti-2', sub: 'u1', iat: t })) === false, 'other jti');
await store.revokeSubject!('u2', t, t + 60);
assert((await store.isRevoked({ jti: 'a', sub: 'u2', iat: t - 5 })) === true, 'subject: older token');
assert((await store.isRevoked({ jti: 'b', sub: 'u2', iat: t })) === false, 'subject: token issued at the cutoff');
assert((await store.isRevoked({ jti: 'c', sub: 'u3', iat: t - 5 })) === false, 'other subject');

clock = t + 200; // every revocation above has expired
assert((await store.isRevoked({ jti: 'jti-1', sub: 'u2', iat: t - 5 })) === false, 'expired revocations');
await store.purge();
const left = db.prepare('SELECT (SELECT COUNT(*) FROM revoked_tokens) + (SELECT COUNT(*) FROM revoked_subjects) AS n').get() as { n: number };
assert(left.n === 0, `purge left ${left.n} rows`);

clock = Math.floor(Date.now() / 1000);
const key = await generateSecret('HS256');
const token = await sign({ sub: 'u4' }, key, { expiresIn: '5m', jwtId: true });
const { payload } = await verify(token, key, { revocation: store });
await store.revoke(payload.jti!, payload.exp!);
const rejected = await verify(token, key, { revocation: store }).then(() => 'accepted', (err) => (isJwtError(err) ? err.code : String(err)));
assert(rejected === 'ERR_JWT_REVOKED', `verify after revoke: ${rejected}`);
console.log('sql-store check passed');
