/**
 * The entry point (`tsx src/main.ts`): load `.env`, validate the settings (one clear line and exit 1
 * when they are wrong), connect, migrate, listen, and drain then shut down on SIGINT/SIGTERM (`shutdown.ts`).
 *
 * @module
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createDeps } from './deps.js';
import { resetMetrics } from './metrics.js';
import { installGracefulShutdown } from './shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    loadDotEnv();
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  if (config.secretIsEphemeral) {
    console.warn('WARNING: SECRET_KEY is not set; using a random key for this process. For development only: tokens die with the process.');
  }

  if (config.trustProxy === true) {
    console.warn('WARNING: TRUST_PROXY=true: any client can choose the address the rate limits count with X-Forwarded-For. List your proxies instead.');
  }
  const deps = await createDeps(config, { onRedisError: (err) => console.warn(`Redis: ${err.message}`) });
  const app = await buildApp(deps);
  await app.listen({ host: config.host, port: config.port });
  const scheme = config.tls ? 'https' : 'http';
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Serving on ${scheme}://${config.host}:${port} (docs: ${scheme}://${config.host}:${port}/docs)`);

  // The load test (bench/run.ts) forks this process and reads the verification timings over IPC.
  if (process.send) {
    process.send({ type: 'ready', port });
    process.on('message', (message: { type?: string }) => {
      if (message.type === 'metrics:reset') resetMetrics(deps.metrics);
      if (message.type === 'metrics:read') {
        process.send!({ type: 'metrics', metrics: deps.metrics, wallMs: performance.now() - deps.metrics.since });
      }
    });
  }

  installGracefulShutdown(app, deps, config.lifecycle.drainSeconds * 1000);
}

main().catch((err: unknown) => {
  console.error(`Failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
