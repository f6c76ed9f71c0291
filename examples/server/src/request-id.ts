/**
 * Request IDs: one per request, in every log line Fastify writes for it (`reqId`), in the
 * `X-Request-Id` response header and in every JSON error body (`request_id`), so an operator can
 * find the log lines of the request a user reports. A proxy's `X-Request-Id` is kept when it is
 * well-formed (short, a safe charset); anything else (too long, control characters, quotes that
 * would break a log line or a header) is replaced by a fresh one, never echoed.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** The header read from proxies and sent back. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:+=/-`, 1 to 128 of them: a UUID, a ULID, nginx's `$request_id`, a trace ID. */
const WELL_FORMED = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/**
 * The request's ID: the incoming `X-Request-Id` when well-formed, else a new UUID (Fastify's `genReqId`).
 *
 * @param request - The raw request.
 * @example
 * ```ts
 * Fastify({ genReqId: requestId, requestIdHeader: false });
 * ```
 */
export function requestId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
}

/** A JSON error body of either format: the API's `{"detail"}` or OAuth's `{"error"}`. */
function errorBody(payload: unknown): Record<string, unknown> | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return undefined;
  try {
    const body: unknown = JSON.parse(payload);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    return 'detail' in body || 'error' in body ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Echoes the ID in `X-Request-Id` and adds it to JSON error bodies as `request_id`. It works on the
 * serialized body (`onSend`) because that is the one step every error passes, whichever handler
 * sent it; only error responses are parsed again.
 *
 * @param app - The Fastify instance, before routes are added (hooks apply to the routes after them).
 * @example
 * ```ts
 * installRequestIds(app);
 * ```
 */
export function installRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  app.addHook('onSend', async (request, reply, payload: unknown) => {
    if (reply.statusCode < 400 || !String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    const body = errorBody(payload);
    return body ? JSON.stringify({ ...body, request_id: request.id }) : payload;
  });
}
