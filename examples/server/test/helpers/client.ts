/** Small fetch helpers: every request goes over the network to the real server. */

export interface Response<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function request<T = any>(
  url: string,
  path: string,
  init: { method?: string; token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Response<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if (res.headers.get('content-type')?.includes('application/json')) parsed = withoutRequestId(res, JSON.parse(text));
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/**
 * Every JSON error body carries the request's ID (`request_id`, the `X-Request-Id` header): checked
 * here for every error the suites see, then removed so tests compare the rest of the body.
 */
export function withoutRequestId(res: { status: number; headers: Headers }, body: unknown): unknown {
  if (res.status < 400 || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  if (!('detail' in body) && !('error' in body)) return body;
  const { request_id: id, ...rest } = body as Record<string, unknown>;
  if (typeof id !== 'string' || id !== res.headers.get('x-request-id')) {
    throw new Error(`error body without the request ID of its X-Request-Id header: ${JSON.stringify(body)}`);
  }
  return rest;
}

export interface Pair {
  access_token: string;
  refresh_token: string;
  token_type: string;
}

let counter = 0;

/** A unique, valid username for this run. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function register(url: string, username = uniqueName(), password = 'password123') {
  const res = await request(url, '/register', { json: { username, email: `${username}@example.com`, password } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, password, user: res.body as { id: number; username: string; email: string; is_active: boolean } };
}

export async function login(url: string, username: string, password = 'password123'): Promise<Pair> {
  const res = await request<Pair>(url, '/login', { json: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The RFC 6750 challenge for an invalid token with this description. */
export const invalidToken = (description: string) => `Bearer error="invalid_token", error_description="${description}"`;
