/**
 * Wycheproof's JsonWebKey vectors: each group is a key set, each test a JWS to verify against it.
 * They map onto createLocalJwks + verifyCompact. Each rejection is pinned to the code that explains it.
 */
import { describe, expect, it } from 'vitest';
import { createLocalJwks } from '../../src/keys/local-jwks.js';
import { verifyCompact, type Algorithm } from '../../src/index.js';
import vectors from '../fixtures/wycheproof/json_web_key_test.json' with { type: 'json' };
import { code } from './helpers.js';

interface Vector {
  tcId: number;
  comment: string;
  jws: string;
  result: 'valid' | 'invalid';
  flags: string[];
}
interface Group {
  comment: string;
  public?: { keys: JsonWebKey[] };
  private?: { keys: JsonWebKey[] };
  tests: Vector[];
}

// Why each invalid vector fails here.
const EXPECTED_CODE: Record<number, string> = {
  1: 'ERR_KEY_INVALID', // a set mixing a secret with a public key is refused when it is made
  3: 'ERR_JWS_SIGNATURE_INVALID',
  4: 'ERR_KEY_NOT_FOUND', // two keys share the kid (one of them does not even decode): never guess
  6: 'ERR_KEY_NOT_FOUND', // use "enc"
  7: 'ERR_KEY_NOT_FOUND', // ROCA modulus: the key is skipped
  8: 'ERR_KEY_NOT_FOUND', // RSA 1024: skipped
  9: 'ERR_KEY_NOT_FOUND', // public exponent 1: skipped
  10: 'ERR_KEY_NOT_FOUND', // HMAC keys one byte short: skipped
  11: 'ERR_KEY_NOT_FOUND',
  12: 'ERR_KEY_NOT_FOUND',
  16: 'ERR_KEY_NOT_FOUND', // empty HMAC keys: skipped
  17: 'ERR_KEY_NOT_FOUND',
  18: 'ERR_KEY_NOT_FOUND',
  19: 'ERR_KEY_NOT_FOUND', // JWK alg ES521 is not the token's ES256
  20: 'ERR_KEY_NOT_FOUND', // JWK alg ES224
  21: 'ERR_KEY_NOT_FOUND', // use "enc"
  22: 'ERR_KEY_NOT_FOUND', // point not on the curve: import fails, skipped
  23: 'ERR_KEY_NOT_FOUND', // crv P-384 for an ES256 token
  24: 'ERR_KEY_NOT_FOUND', // kty RSA with EC members
  25: 'ERR_KEY_NOT_FOUND', // an AES key (alg A256GCM) offered for HS256
  26: 'ERR_KEY_NOT_FOUND', // an AES key wrap key (alg A256KW)
};

async function run(group: Group, vector: Vector) {
  const header = JSON.parse(Buffer.from(vector.jws.split('.')[0]!, 'base64url').toString('utf8')) as { alg: Algorithm };
  const alg = header.alg;
  // Verifiers hold the public set; groups of secrets only have a private one.
  const jwks = createLocalJwks(group.public ?? group.private!);
  return verifyCompact(vector.jws, jwks, { algorithms: [alg] });
}

describe('Wycheproof json_web_key_test', () => {
  const groups = vectors.testGroups as Group[];
  it('covers every vector', () => {
    expect(groups.flatMap((g) => g.tests)).toHaveLength(vectors.numberOfTests);
  });

  for (const group of groups) {
    for (const vector of group.tests) {
      it(`tcId ${vector.tcId} ${group.comment}: ${vector.comment} -> ${vector.result}`, async () => {
        if (vector.result === 'valid') {
          const { payload } = await run(group, vector);
          expect(new TextDecoder().decode(payload)).toBe('foo');
        } else {
          await expect(run(group, vector)).rejects.toEqual(code(EXPECTED_CODE[vector.tcId]!));
        }
      });
    }
  }
});
