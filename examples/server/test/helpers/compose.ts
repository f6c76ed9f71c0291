/**
 * `deploy/docker-compose.yml` read as Docker Compose would, without Docker: parsed with the `yaml`
 * package (duplicate keys and syntax errors fail), then `${...}` interpolated from an operator's
 * `.env`. Only the interpolation forms the file uses are supported; anything else throws, so a new
 * form in the file cannot pass unread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { SERVER_ROOT } from '../../src/config.js';

export const COMPOSE_FILE = join(SERVER_ROOT, 'deploy', 'docker-compose.yml');

/** The parts of a compose service the tests read. */
export interface ComposeService {
  image?: string;
  build?: unknown;
  container_name?: string;
  ports?: unknown[];
  expose?: string[];
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: string[];
  volumes?: string[];
  deploy?: { replicas?: number };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean; ipam?: { config: Array<{ subnet: string }> } } | null>;
}

/**
 * Compose's interpolation of one string: `$$` (a literal `$`), `${NAME}`, `${NAME:-default}`
 * (unset or empty) and `${NAME:?message}` (required: throws the message).
 *
 * @param text - A value from the file.
 * @param env - The operator's variables (`deploy/.env`).
 */
export function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}|\$/g, (match, name?: string, op?: string, arg?: string) => {
    if (match === '$$') return '$';
    if (name === undefined) throw new Error(`docker-compose.yml: unsupported interpolation in "${text}"`);
    const value = env[name];
    const set = value !== undefined && value !== '';
    if (op === '-') return set ? value : arg!;
    if (op === '?') {
      if (!set) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return value;
    }
    return value ?? '';
  });
}

function interpolateAll(node: unknown, env: Record<string, string>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)]));
  }
  return node;
}

/**
 * Parses and interpolates the compose file.
 *
 * @param env - The operator's `deploy/.env`.
 * @param text - The file's text (default: the repository's).
 */
export function loadCompose(env: Record<string, string>, text = readFileSync(COMPOSE_FILE, 'utf8')): ComposeFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`docker-compose.yml: ${problems.map((p) => p.message).join('\n')}`);
  return interpolateAll(doc.toJS(), env) as ComposeFile;
}

/** A service's environment as the process sees it (every value a string). */
export function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]));
}
