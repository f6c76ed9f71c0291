// Runs a portable bundle in Deno or Bun: prints `<runtime>: ...` lines and exits 1 on any failure.
// The bundle is test-results/portable.bundle.js, or the one named by the first argument.
const runtime = typeof globalThis.Deno !== 'undefined' ? 'deno' : typeof globalThis.Bun !== 'undefined' ? 'bun' : 'node';
const name = (runtime === 'deno' ? globalThis.Deno.args : globalThis.process.argv.slice(2))[0] ?? 'portable.bundle.js';
const { run } = await import(`../../test-results/${name}`);
const label = name === 'portable.bundle.js' ? runtime : `${runtime} (${name})`;
const result = await run((line) => console.log(`${label}: ${line}`));
const code = result.failed === 0 && result.passed > 0 ? 0 : 1;
if (runtime === 'deno') globalThis.Deno.exit(code);
else globalThis.process.exit(code);
