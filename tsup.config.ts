import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

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

// For every build but the ESM one for Node, Deno and Bun: the JWE functions without lazy loading
// (src/jwe/implementation.ts for src/jwe/lazy.ts). A dynamic import() saves nothing where the whole file is
// parsed anyway (CommonJS, the single-file module) or where bundlers leave unused code out (the
// browser export); there it would only add wrappers.
const staticJwe: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'static-jwe',
  setup(build) {
    build.onResolve({ filter: /^\.\/lazy\.js$/ }, (args) => ({ path: join(args.resolveDir, 'implementation.ts') }));
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
    // npm consumers, ESM (Node, Deno, Bun), with type declarations. It splits: the JWE functions'
    // implementation goes to a chunk that index.js imports on first use (src/jwe/lazy.ts), so
    // signing and verifying parse none of it at import; the code both use goes to a shared chunk.
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
  },
  {
    // npm consumers, CommonJS, with type declarations: one file, JWE loaded with the rest.
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    esbuildPlugins: [staticJwe],
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
    esbuildPlugins: [webOnly, staticJwe],
  },
  {
    // One self-contained ES module for browsers, Deno and the token debugger.
    entry: { 'webjwt.browser': 'src/index.ts' },
    format: ['esm'],
    esbuildPlugins: [staticJwe],
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
    esbuildPlugins: [staticJwe], // one file, as package.json `bin` names it
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
