// Runs the portable suites in Bun against the built bundles (bundle first: test/runtimes/bundle.mjs):
// the single-file module, then Bun's own build (dist/index.bun.js, the package's `bun` export).
import { runCommand } from './spawn.mjs';

const single = await runCommand('npx', ['bun', 'test/runtimes/entry.mjs']);
const bunBuild = await runCommand('npx', ['bun', 'test/runtimes/entry.mjs', 'portable.bun.bundle.js']);
process.exitCode = single !== 0 ? single : bunBuild;
