// Runs the portable suites in headless Chromium against the package's browser export
// (dist/index.browser.js, see bundle.mjs). A tiny HTTP server on
// 127.0.0.1 serves a page, dist/ and test-results/; the page imports the bundle as a module and
// leaves its result on `window`. Prints `chromium: ...` lines; exits 1 on any failure.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './spawn.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 15 * 60 * 1000;
const SERVED = ['dist', 'test-results'];
const TYPES = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html' };

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>webjwt portable suites</title>
<script type="module">
  window.__lines = [];
  import('/test-results/portable.browser-export.bundle.js')
    .then(({ run }) => run((line) => window.__lines.push(line)))
    .then((result) => { window.__result = result; }, (err) => { window.__result = { fatal: String(err && err.stack || err) }; });
</script>`;

async function serve(request, response) {
  const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    return;
  }
  const file = normalize(join(root, path));
  const allowed = SERVED.some((dir) => file.startsWith(join(root, dir) + sep));
  try {
    if (!allowed) throw new Error('not served');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404).end('not found');
  }
}

const server = createServer((req, res) => void serve(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const browser = await chromium.launch({
  executablePath: EXECUTABLE,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-quic',
    '--no-first-run',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let result;
try {
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.log(`chromium: page error: ${err.message}`));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: TIMEOUT_MS, polling: 500 });
  result = await page.evaluate(() => window.__result);
  for (const line of await page.evaluate(() => window.__lines)) console.log(`chromium: ${line}`);
} finally {
  await browser.close();
  server.close();
}

if (result.fatal !== undefined) {
  console.log(`chromium: could not run the bundle: ${result.fatal}`);
  console.log('chromium: 0 passed, 1 failed');
  process.exitCode = 1;
} else {
  process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1;
}
