// Runs the portable suites in Deno against the built bundle (bundle first: test/runtimes/bundle.mjs).
import { runCommand } from './spawn.mjs';

const args = ['deno', 'run', '--allow-read', '--no-prompt', '--no-lock', '--no-config', 'test/runtimes/entry.mjs'];
process.exitCode = await runCommand('npx', args);
