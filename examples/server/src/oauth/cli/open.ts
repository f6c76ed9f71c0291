/**
 * What the OAuth CLIs share: the server's settings (`.env` included) and its migrated database.
 *
 * @module
 */
import { type Config, loadConfig, loadDotEnv } from '../../config.js';
import { type Db, migrate, openDatabase } from '../../database.js';

/**
 * Loads the settings and opens the migrated database.
 *
 * @returns The config and the database; destroy the database when done.
 * @throws `ConfigError` for invalid settings, or the migration's error.
 * @example
 * ```ts
 * const { config, db } = await openForCli();
 * ```
 */
export async function openForCli(): Promise<{ config: Config; db: Db }> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const db = openDatabase(config.database, config.timeouts);
  await migrate(db, config.database.kind, config.timeouts.migrationLockMs);
  return { config, db };
}

/**
 * Runs a CLI body: prints errors as one line and sets the exit code.
 *
 * @param main - The command.
 * @example
 * ```ts
 * runCli(async () => { ... });
 * ```
 */
export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
