// `npm run test:portable`: type-checks and bundles the suites, then runs them in Deno, Bun and
// Chromium one after another. Every runtime runs even if an earlier one failed; exits 1 if any did.
import { bundle } from './bundle.mjs';
import { runCommand } from './spawn.mjs';

const failed = [];
if ((await runCommand('npx', ['tsc', '-p', 'test/portable/tsconfig.json'])) !== 0) failed.push('type-check');
await bundle();
for (const runtime of ['deno', 'bun', 'chromium']) {
  const code = await runCommand(process.execPath, [`test/runtimes/run-${runtime}.mjs`]);
  if (code !== 0) failed.push(runtime);
}
if (failed.length > 0) {
  console.error(`portable suites failed in: ${failed.join(', ')}`);
  process.exitCode = 1;
}
