// Runs the portable bundle in Deno or Bun: prints `<runtime>: ...` lines and exits 1 on any failure.
import { run } from '../../test-results/portable.bundle.js';

const runtime = typeof globalThis.Deno !== 'undefined' ? 'deno' : typeof globalThis.Bun !== 'undefined' ? 'bun' : 'node';
const result = await run((line) => console.log(`${runtime}: ${line}`));
const code = result.failed === 0 && result.passed > 0 ? 0 : 1;
if (runtime === 'deno') globalThis.Deno.exit(code);
else globalThis.process.exit(code);
