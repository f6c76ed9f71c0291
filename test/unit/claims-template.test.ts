import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildClaims, claimsJson, prepareClaimTemplate } from '../../src/jwt/claims-template.js';
import type { SignOptions } from '../../src/index.js';

const optionsArb: fc.Arbitrary<SignOptions> = fc.record(
  {
    issuer: fc.string({ minLength: 1, maxLength: 8 }),
    subject: fc.string({ minLength: 1, maxLength: 8 }),
    audience: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
    expiresIn: fc.nat({ max: 100_000 }),
    notBefore: fc.nat({ max: 100 }),
    jwtId: fc.string({ minLength: 1, maxLength: 8 }),
    iat: fc.boolean(),
  },
  { requiredKeys: [] },
);
const payloadArb = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('iss', 'sub', 'aud', 'x', '__proto__')),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 6 },
).filter((p) => !['exp', 'nbf', 'iat', 'jti'].some((k) => Object.prototype.hasOwnProperty.call(p, k)));

describe('claimsJson', () => {
  it('is the JSON of the payload overridden by the template, key order included', () => {
    fc.assert(
      fc.property(payloadArb, optionsArb, (payload, options) => {
        const template = prepareClaimTemplate({ ...options, clock: () => 1_700_000_000_000 });
        const outcome = (run: () => string) => {
          try {
            return run();
          } catch (err) {
            return (err as { code: string }).code;
          }
        };
        // Same text, or the same refusal (a payload `iss` of the wrong type the template does not override).
        expect(outcome(() => claimsJson(payload, template))).toBe(outcome(() => JSON.stringify(buildClaims(payload, template))));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses wrong registered-claim types whichever path it takes', () => {
    const plain = prepareClaimTemplate({});
    const overriding = prepareClaimTemplate({ issuer: 'i' });
    expect(() => claimsJson({ exp: 'never' }, plain)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', claim: 'exp' }));
    expect(() => claimsJson({ iss: 'x', exp: 'never' }, overriding)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    // A payload value the template replaces is not judged.
    expect(JSON.parse(claimsJson({ iss: 5 }, overriding)).iss).toBe('i');
  });

  it('never lets a payload serialize itself into something that is not an object', () => {
    const template = prepareClaimTemplate({ iat: false });
    expect(() => claimsJson({ toJSON: () => 5 } as never, template)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
