/**
 * The repository's `deploy/nginx.conf`, run for real with the machine's nginx (Debian's, installed by
 * `.ci/run`): rendered for free loopback ports, the given upstream servers and a self-signed
 * certificate made with `openssl`, wrapped in a main configuration whose pid, logs and temp paths
 * live in a temp directory (no root needed), started in the foreground (`daemon off;`) and stopped
 * by PID. For tests and benches through the TLS proxy.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { SERVER_ROOT } from '../../src/config.js';
import { freePorts } from './processes.js';

/** The configuration in the repository (what docker-compose mounts). */
export const NGINX_CONF = join(SERVER_ROOT, 'deploy', 'nginx.conf');

/** `NGINX_BIN`, else Debian's path (often not on a non-root PATH), else `nginx` from PATH. */
export const NGINX_BIN = process.env.NGINX_BIN ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

/** A certificate for `127.0.0.1` and `localhost`, valid one day: also its own CA. */
export interface SelfSignedCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate in PEM: give it to the client as its CA (never turn verification off). */
  pem: string;
}

/**
 * Makes a self-signed certificate in `dir` with `openssl`.
 *
 * @param dir - Where the PEM files go.
 */
export function createSelfSignedCertificate(dir: string): SelfSignedCertificate {
  const certFile = join(dir, 'fullchain.pem');
  const keyFile = join(dir, 'privkey.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') };
}

/** What {@link renderNginxConfig} puts into `deploy/nginx.conf`. */
export interface NginxRendering {
  /** `host:port` of each app instance, in place of the `server api:8000` line. */
  upstreams: string[];
  httpPort: number;
  httpsPort: number;
  certFile: string;
  keyFile: string;
}

/** Replaces every match of `pattern`; the file changed shape (and this helper must follow) if there is none. */
function replaceAll(text: string, pattern: RegExp, replace: (...groups: string[]) => string, what: string): string {
  if (!pattern.test(text)) throw new Error(`deploy/nginx.conf: no ${what} line found (${pattern}); update test/helpers/nginx.ts`);
  return text.replace(pattern, (_match, ...groups: string[]) => replace(...groups));
}

/**
 * Renders the server blocks of `deploy/nginx.conf` for loopback ports, given upstreams and certificate.
 * Only the `listen`, `server api:8000`, `ssl_certificate*` and redirect lines change; everything else
 * (headers, timeouts, `proxy_next_upstream`, body limit, the upstream zone) runs as written. The
 * upstreams are addresses, not Docker's service name: their lines drop `resolve`, which also needs
 * nginx 1.27.3 (Debian 12 has 1.22).
 *
 * @param source - The text of `deploy/nginx.conf`.
 * @param r - Ports, upstreams and certificate paths.
 */
export function renderNginxConfig(source: string, r: NginxRendering): string {
  let text = replaceAll(
    source,
    /^([ \t]*)server api:8000\b([^;]*);[ \t]*$/m,
    (indent, params) => {
      const kept = params.replace(/[ \t]+resolve\b/, '');
      return r.upstreams.map((upstream) => `${indent}server ${upstream}${kept};`).join('\n');
    },
    'upstream server',
  );
  text = replaceAll(
    text,
    /^([ \t]*)listen (\[::\]:)?(\d+)((?: [a-z0-9]+)*);[ \t]*$/gm,
    (indent, ipv6, port, params) => {
      if (ipv6) return `${indent}# (IPv6 listen line dropped for the loopback run)`;
      if (port !== '80' && port !== '443') throw new Error(`deploy/nginx.conf: unexpected listen port ${port}`);
      return `${indent}listen 127.0.0.1:${port === '80' ? r.httpPort : r.httpsPort}${params};`;
    },
    'listen',
  );
  text = replaceAll(text, /^([ \t]*)ssl_certificate[ \t]+\S+;/m, (indent) => `${indent}ssl_certificate ${r.certFile};`, 'ssl_certificate');
  text = replaceAll(text, /^([ \t]*)ssl_certificate_key[ \t]+\S+;/m, (indent) => `${indent}ssl_certificate_key ${r.keyFile};`, 'ssl_certificate_key');
  text = replaceAll(text, /return 301 https:\/\/\$host\$request_uri;/, () => `return 301 https://$host:${r.httpsPort}$request_uri;`, 'redirect');
  return text;
}

/** The main configuration around the rendered server blocks: everything nginx writes stays in `dir`. */
function mainConfig(dir: string, servers: string, workerProcesses: number): string {
  return `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
worker_processes ${workerProcesses};
events { worker_connections 1024; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${servers}
}
`;
}

/** A running nginx in front of the given upstreams. */
export interface RunningNginx {
  /** `https://127.0.0.1:<port>`: the issuer to configure (`OAUTH_ISSUER`). */
  url: string;
  httpsPort: number;
  /** The plain HTTP port (it only redirects to https). */
  httpPort: number;
  /** The certificate (PEM) to trust as a CA, and its file (for `NODE_EXTRA_CA_CERTS`). */
  ca: string;
  caFile: string;
  /** The master process. */
  process: ChildProcess;
  /** The access and error logs so far (for failure messages). */
  logs(): string;
  /** Stops nginx (master, then any worker left) and removes its directory. */
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, dir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    }).catch(() => false);
    if (open) return;
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      throw new Error(`nginx did not start on port ${port} (exit ${child.exitCode}): ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The PIDs of `pid`'s children (nginx workers), read from /proc. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Starts `deploy/nginx.conf` in front of `upstreams` on free loopback ports.
 *
 * @param options - `upstreams` as `host:port`; `workerProcesses` (default 1).
 * @example
 * ```ts
 * const nginx = await startNginx({ upstreams: ['127.0.0.1:8001', '127.0.0.1:8002'] });
 * try { ... } finally { await nginx.stop(); }
 * ```
 */
export async function startNginx(options: { upstreams: string[]; workerProcesses?: number; httpsPort?: number }): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'webjwt-nginx-'));
  // Run as root, nginx's workers become `nobody`: they must reach their temp paths in here.
  chmodSync(dir, 0o755);
  const cert = createSelfSignedCertificate(dir);
  // Not an upstream's port: its instance may not have bound it yet.
  const upstreamPorts = options.upstreams.map((upstream) => Number(upstream.slice(upstream.lastIndexOf(':') + 1)));
  const [httpsPort, httpPort] = (
    options.httpsPort !== undefined ? [options.httpsPort, ...(await freePorts(1, [...upstreamPorts, options.httpsPort]))] : await freePorts(2, upstreamPorts)
  ) as [number, number];
  const servers = renderNginxConfig(readFileSync(NGINX_CONF, 'utf8'), { upstreams: options.upstreams, httpPort, httpsPort, certFile: cert.certFile, keyFile: cert.keyFile });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, mainConfig(dir, servers, options.workerProcesses ?? 1));
  // -e: the error log before the configuration is read (Debian's default is stderr, others /var/log).
  const child = spawn(NGINX_BIN, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const logs = () =>
    ['error.log', 'access.log'].map((name) => (existsSync(join(dir, name)) ? `${name}:\n${readFileSync(join(dir, name), 'utf8')}` : '')).join('\n') + stderr;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const workers = childPids(child.pid);
      const exited = once(child, 'exit');
      child.kill('SIGTERM'); // nginx: fast shutdown, workers included
      let forced = false;
      const timer = setTimeout(() => {
        // A master that does not stop: kill it and the workers it had (they would outlive it).
        forced = true;
        child.kill('SIGKILL');
        for (const pid of workers) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
      if (forced) await new Promise((r) => setTimeout(r, 100));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await spawned;
    await waitForPort(httpsPort, child, dir, 20_000);
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }
  return { url: `https://127.0.0.1:${httpsPort}`, httpsPort, httpPort, ca: cert.pem, caFile: cert.certFile, process: child, logs, stop };
}

/** A fetch that trusts `ca` (and only the system CAs besides), optionally from a given local address. */
export interface TrustingFetch {
  fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * A fetch for a test client of the proxy: verifies the self-signed certificate as its CA (never
 * `rejectUnauthorized: false`), and connects from `localAddress` (any of 127.0.0.0/8 on Linux) so
 * the server sees distinct client addresses.
 *
 * @param ca - PEM of the certificate to trust.
 * @param localAddress - The client's own address, e.g. `127.0.0.2`.
 */
export function trustingFetch(ca: string, localAddress?: string): TrustingFetch {
  const agent = new Agent({ connect: { ca }, ...(localAddress ? { localAddress } : {}) });
  const bound = ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  return { fetch: bound, close: () => agent.close() };
}
