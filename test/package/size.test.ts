/**
 * The minified + gzipped ESM bundle for common imports, next to jose's for the same imports, printed
 * for CI logs, with budgets that catch accidental growth.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './packed.js';
import { type BundleSize, bundleSize, kB, SCENARIOS } from './size.js';

// Budgets in gzipped bytes; raise them deliberately, with a reason, when a feature is worth it.
// History: +1.4 kB for the weak-key checks on every import path (RSA exponent, ROCA fingerprint);
// +2.2 kB for options checked at run time (a schema per function, "did you mean" suggestions),
// duplicate member detection in headers and claims, and NumericDate range checks (issue 10);
// lowered for issue 14 (12.2 -> 11.2 kB for importKey + sign + verify; whole library 15.4 -> 15.0 kB):
// unused option schemas and the backend table leave bundles, verify no longer reaches the cache,
// sign/verify reach only the secret and CryptoKey import paths (bench/README.md, bundle section).
const BUDGETS: Record<(typeof SCENARIOS)[number]['name'], number> = {
  'HS256 only: importKey + sign + verify': 11_275,
  'all algorithms: importKey (secret, PEM, JWK) + sign + verify': 11_275,
  'sign + verify (HMAC secret, PEM, JWK, remote JWKS), decode': 13_100,
  'verify only (remote JWKS)': 10_400,
  'the whole library': 15_100,
};

const results = new Map<string, { webjwt: BundleSize; jose: BundleSize }>();

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  for (const scenario of SCENARIOS) {
    results.set(scenario.name, { webjwt: await bundleSize(scenario.webjwt, ROOT), jose: await bundleSize(scenario.jose, ROOT) });
  }
  const lines = [...results].map(
    ([name, { webjwt, jose }]) =>
      `  ${name}: webjwt ${kB(webjwt.gzipped)} min+gz (${kB(webjwt.minified)} min), jose ${kB(jose.gzipped)} min+gz (${kB(jose.minified)} min)`,
  );
  console.log(`Bundle size (esbuild, minified, gzip -9):\n${lines.join('\n')}`);
}, 120_000);

describe('bundle size', () => {
  test.each(SCENARIOS.map((scenario) => scenario.name))('%s stays within its budget', (name) => {
    const { webjwt } = results.get(name)!;
    expect(webjwt.gzipped).toBeGreaterThan(1000); // the bundle really contains the library
    expect(webjwt.gzipped).toBeLessThanOrEqual(BUDGETS[name]);
  });

  test('the whole of webjwt is smaller than the whole of jose', () => {
    const { webjwt, jose } = results.get('the whole library')!;
    expect(webjwt.gzipped).toBeLessThan(jose.gzipped);
  });

  test('tree shaking works: importing less gives a smaller bundle', () => {
    const verifyOnly = results.get('verify only (remote JWKS)')!.webjwt.gzipped;
    const whole = results.get('the whole library')!.webjwt.gzipped;
    expect(verifyOnly).toBeLessThan(whole);
  });
});
