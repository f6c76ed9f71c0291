import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

// dist/ is emptied once, here, rather than by `clean` on a config: tsup builds the configs at once,
// and a config's `clean` also deletes every declaration file in dist/ when its own declaration step
// starts, so it raced with the other configs' declarations (now and then a build had no
// dist/http.d.ts). tsup runs from the package root (npm scripts, scripts/prepare.mjs).
rmSync(join(process.cwd(), 'dist'), { recursive: true, force: true });

// For the package's `browser` export: the native backend (node:crypto, Buffer) is replaced by its
// stand-ins, which say it is absent, so browser bundles carry none of its code.
const webOnly: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'web-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/native-(crypto|buffer)\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace('./native-', 'no-native-').replace(/\.js$/, '.ts')),
    }));
  },
};

// For Bun's build: the JWE functions as src/jwe/first-use.ts declares them, loading the implementation
// (the `jwe.bun` entry) on first call.
const jweOnFirstUse: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'jwe-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^\.\/jwe\/index\.js$/ }, (args) =>
      /[\\/]src[\\/]index\.ts$/.test(args.importer) ? { path: join(args.resolveDir, 'jwe', 'first-use.ts') } : undefined,
    );
  },
};

// For `webjwt/http`: the core it uses (JwtError, isJwtError) is imported from the package itself,
// so an app and webjwt/http share one JwtError class (`instanceof` holds) and no code is shipped twice.
const coreFromPackage: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'core-from-package',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/errors\.js$/ }, () => ({ path: 'webjwt', external: true }));
  },
};

export default defineConfig([
  {
    // npm consumers: ESM + CJS with type declarations for both.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
  },
  {
    // Bun (the package's `bun` export condition, `import` only): the same API, with the JWE
    // implementation in a file of its own (jwe.bun.js) that the JWE functions load on first call, so
    // a process that signs and verifies parses 40 % less at import; the code both use is in a shared
    // chunk, so there is one JwtError class. Declarations: index.d.ts.
    entry: { 'index.bun': 'src/index.ts', 'jwe.bun': 'src/jwe/index.ts' },
    format: ['esm'],
    splitting: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    esbuildPlugins: [jweOnFirstUse],
  },
  {
    // `webjwt/http` (ESM + CJS, declarations): bearer tokens for HTTP servers, on every runtime and
    // in browsers (service workers) alike, so one build serves every export condition.
    entry: { http: 'src/http/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    external: ['webjwt'],
    esbuildPlugins: [coreFromPackage],
  },
  {
    // What bundlers targeting browsers pick (the `browser` export condition): no native backend.
    entry: { 'index.browser': 'src/index.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    treeshake: true,
    esbuildPlugins: [webOnly],
  },
  {
    // One self-contained ES module for browsers, Deno and the token debugger.
    entry: { 'webjwt.browser': 'src/index.ts' },
    format: ['esm'],
    minify: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    outExtension: () => ({ js: '.min.js' }),
  },
  {
    // The `webjwt` command (package.json `bin`): node only, never imported by the library.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
