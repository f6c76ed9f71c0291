/**
 * ERR_JWS_ALG_NOT_ALLOWED names the refused algorithm and the allowed ones, so a developer sees
 * at once why a token fails; an alg that is not a short plain name is never repeated (it is
 * attacker-chosen text), and nothing else of the token reaches the message.
 */
import { describe, expect, it } from 'vitest';
import { createVerifier, generateKeyPair, importKey, JwtError, sign, verify, verifyCompact } from '../../src/index.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-and-hs384-and-more!!';
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

async function refusal(promise: Promise<unknown>): Promise<JwtError> {
  const error = await promise.then(() => undefined, (err: unknown) => err);
  expect(error).toBeInstanceOf(JwtError);
  expect((error as JwtError).code).toBe('ERR_JWS_ALG_NOT_ALLOWED');
  return error as JwtError;
}

describe('ERR_JWS_ALG_NOT_ALLOWED message', () => {
  it('names the token algorithm and the allowed list (verify, createVerifier, verifyCompact)', async () => {
    const token = await sign({ sub: 'user-1' }, await importKey(SECRET, 'HS256'));
    const expected = "The token's algorithm HS256 is not allowed (allowed: HS384, HS512)";
    expect((await refusal(verify(token, SECRET, { algorithms: ['HS384', 'HS512'] }))).message).toBe(expected);
    expect((await refusal(createVerifier(SECRET, { algorithms: ['HS384', 'HS512'] })(token))).message).toBe(expected);
    expect((await refusal(verifyCompact(token, SECRET, { algorithms: ['HS384', 'HS512'] }))).message).toBe(expected);
  });

  it('names "none", the classic attack, without anything else from the token', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const payload = b64({ sub: 'admin-SENSITIVE' });
    const error = await refusal(verify(`${b64({ alg: 'none' })}.${payload}.c2ln`, publicKey));
    expect(error.message).toBe("The token's algorithm none is not allowed (allowed: ES256)");
    expect(error.message).not.toContain('SENSITIVE');
  });

  it.each([
    ['a newline (log injection)', 'HS256\nERROR forged log line'],
    ['a name longer than any algorithm', 'A'.repeat(200)],
    ['quotes and spaces', '"><script>alert(1)</script>'],
  ])('does not repeat an alg that is not a plain name: %s', async (_what, alg) => {
    const error = await refusal(verify(`${b64({ alg })}.${b64({ sub: 'x' })}.c2ln`, SECRET, { algorithms: ['HS256'] }));
    expect(error.message).toBe("The token's algorithm (not a plain algorithm name) is not allowed (allowed: HS256)");
  });
});
