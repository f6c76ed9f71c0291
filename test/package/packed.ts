/**
 * Packs the package once (npm pack, as a release would) into a temporary directory and unpacks it as
 * a consumer's node_modules/webjwt, for the package tests.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** A packed tarball and a consumer project with it installed. */
export interface Packed {
  /** The .tgz file. */
  tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
  /** A directory whose node_modules/webjwt is the unpacked tarball. */
  consumer: string;
}

/** Packs and unpacks; needs `npm run build` first. */
export function packOnce(): Packed {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const consumer = mkdtempSync(join(tmpdir(), 'webjwt-consumer-'));
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', consumer], { cwd: ROOT, encoding: 'utf8' });
  const [info] = JSON.parse(output) as [{ filename: string; files: { path: string }[] }];
  const tarball = join(consumer, info.filename);
  const installed = join(consumer, 'node_modules/webjwt');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  // Type declarations a consumer would have installed (@types/node) come from the repository.
  symlinkSync(join(ROOT, 'node_modules/@types'), join(consumer, 'node_modules/@types'), 'dir');
  return { tarball, files: info.files.map((file) => file.path).sort(), consumer };
}
