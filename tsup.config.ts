import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // npm consumers: ESM + CJS with type declarations for both.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
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
