#!/usr/bin/env node
/**
 * Copies package.json's version into jsr.json, so that `changeset version` (which bumps package.json)
 * and the JSR release stay on the same version. Run by `npm run version-packages`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const jsrPath = join(root, 'jsr.json');
const jsr = JSON.parse(readFileSync(jsrPath, 'utf8'));
if (jsr.version !== version) {
  jsr.version = version;
  writeFileSync(jsrPath, `${JSON.stringify(jsr, null, 2)}\n`);
  console.log(`jsr.json: version ${version}`);
}
