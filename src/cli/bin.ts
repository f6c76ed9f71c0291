/**
 * The `webjwt` executable: runs {@link main} on the real process. Kept apart from main.ts so tests can
 * run the same code in-process.
 *
 * @module
 */
/// <reference types="node" />
import { processIo } from './io.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), processIo());
