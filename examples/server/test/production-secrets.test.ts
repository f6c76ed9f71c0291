/**
 * Issue 11 point 18: in production, a secret must be random. `.env.example` copied unchanged, a
 * phrase, a repeated pattern or an example's database password is refused at start with one line
 * saying how to generate a key; what `openssl rand` prints is accepted.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SERVER_ROOT } from '../src/config.js';
import { weakSecretReason } from '../src/secret-strength.js';
import { runMainToExit } from './helpers/main-process.js';

const PLACEHOLDER = 'change-me-to-the-output-of-openssl-rand-base64-48';
const production = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'production', OAUTH_ISSUER: 'https://auth.example.com', ...env });
const good = () => randomBytes(48).toString('base64');

describe('SECRET_KEY in production', () => {
  it.each([
    ['the .env.example placeholder', PLACEHOLDER, /^SECRET_KEY is a placeholder from an example: NODE_ENV=production needs a random key \(generate one with: openssl rand -base64 48\)$/],
    ['a phrase', 'correct horse battery staple and some more words!', /^SECRET_KEY is not base64 or hex text/],
    ['one repeated letter', 's'.repeat(64), /^SECRET_KEY does not look random \(too few distinct characters\): /],
    ['a short pattern repeated', 'aB3dE6gH9jK2'.repeat(6), /^SECRET_KEY does not look random/],
    ['a random key with a repeated run', (() => { const k = good(); return k.slice(0, 60) + k.slice(10, 16); })(), /^SECRET_KEY does not look random \(a sequence repeats\): /],
    ['lower-case words', 'thisismyproductionsigningkeyforthewebjwtserverpleasekeepitsafe', /^SECRET_KEY does not look random/],
    ['hex of a repeated pattern', 'deadbeef'.repeat(8), /^SECRET_KEY does not look random/],
    ['base64 of too few bytes', randomBytes(24).toString('base64') + 'AAAAAAAAAAAA', /^SECRET_KEY (encodes|does not look random)/],
  ])('refuses %s', (_name, secret, message) => {
    expect(() => production({ SECRET_KEY: secret })).toThrow(ConfigError);
    expect(() => production({ SECRET_KEY: secret })).toThrow(message);
  });

  it('accepts what openssl rand prints (base64 and hex), and base64url', () => {
    const base64 = execFileSync('openssl', ['rand', '-base64', '48']).toString().trim();
    const hex = execFileSync('openssl', ['rand', '-hex', '32']).toString().trim();
    for (const secret of [base64, hex, randomBytes(32).toString('base64url'), randomBytes(64).toString('hex').toUpperCase()]) {
      expect(production({ SECRET_KEY: secret }).secretKey).toBe(secret);
    }
    expect(production({ SECRET_KEY: randomBytes(96).toString('base64'), ALGORITHM: 'HS512' }).algorithm).toBe('HS512');
  });

  it('never refuses a random key (1000 fresh keys of each kind)', () => {
    for (let i = 0; i < 1000; i++) {
      expect(weakSecretReason(randomBytes(48).toString('base64'), 32)).toBeUndefined();
      expect(weakSecretReason(randomBytes(32).toString('hex'), 32)).toBeUndefined();
      expect(weakSecretReason(randomBytes(32).toString('base64url'), 32)).toBeUndefined();
    }
  });

  it('counts the bytes a key encodes, per algorithm', () => {
    expect(() => production({ SECRET_KEY: randomBytes(48).toString('base64'), ALGORITHM: 'HS512' })).toThrow(/encodes 48 bytes; at least 64 random bytes are needed/);
  });

  it('keeps accepting any long enough text outside production (tests, development)', () => {
    expect(loadConfig({ SECRET_KEY: PLACEHOLDER }).secretKey).toBe(PLACEHOLDER);
  });
});

describe('connection URLs in production', () => {
  const secret = good();
  it.each([
    ['DATABASE_URL', 'postgres://app:app@127.0.0.1:5432/app'],
    ['DATABASE_URL', 'postgres://app:password@db/app'],
    ['DATABASE_URL', 'postgresql://u:change-me@db/app'],
    ['REDIS_URL', 'redis://default:redis@127.0.0.1:6379/0'],
  ])('refuses %s with a placeholder password (%s)', (name, url) => {
    expect(() => production({ SECRET_KEY: secret, [name]: url })).toThrow(new RegExp(`^${name} has a placeholder password: NODE_ENV=production needs a real one`));
  });

  it('refuses a placeholder password in any seed node of a Redis Cluster', () => {
    const seeds = 'redis://127.0.0.1:7000,redis://default:redis@127.0.0.1:7001';
    expect(() => production({ SECRET_KEY: secret, REDIS_CLUSTER: 'true', REDIS_URL: seeds })).toThrow(/^REDIS_URL has a placeholder password/);
  });

  it('accepts real passwords and password-less URLs', () => {
    const config = production({ SECRET_KEY: secret, DATABASE_URL: `postgres://app:${good().replace(/[+/=]/g, 'x')}@db/app`, REDIS_URL: 'redis://127.0.0.1:6379/0' });
    expect(config.database.kind).toBe('postgres');
    expect(production({ SECRET_KEY: secret, DATABASE_URL: 'postgres://postgres@127.0.0.1/test' }).database.kind).toBe('postgres');
  });
});

describe('main.ts with .env.example copied unchanged', () => {
  it('stops with one clear line', async () => {
    const { code, stdout, stderr } = await runMainToExit({ ENV_FILE: join(SERVER_ROOT, '.env.example') });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'Configuration error: SECRET_KEY is a placeholder from an example: NODE_ENV=production needs a random key (generate one with: openssl rand -base64 48)',
    ]);
  });
});
