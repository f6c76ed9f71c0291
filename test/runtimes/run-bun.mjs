// Runs the portable suites in Bun against the built bundle (bundle first: test/runtimes/bundle.mjs).
import { runCommand } from './spawn.mjs';

process.exitCode = await runCommand('npx', ['bun', 'test/runtimes/entry.mjs']);
