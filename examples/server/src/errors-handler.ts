/**
 * The app's error and not-found handlers: every error leaves as JSON `{"detail": ...}` with the right
 * status, like FastAPI. Invalid input is 422 with one entry per field; malformed JSON is 422 too;
 * too large is 413; a store that is down, hung or locked is 503 with `Retry-After`; anything
 * unexpected is a 500 that logs the error and shows nothing of it.
 *
 * @module
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, storeFailure } from './http-errors.js';
import { NO_CONTROL_CHARACTERS } from './schemas.js';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

interface Issue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

function describe(issue: AjvIssue): { msg: string; type: string } {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { msg: 'Field required', type: 'missing' };
    case 'minLength':
      return { msg: `String should have at least ${String(p.limit)} characters`, type: 'string_too_short' };
    case 'maxLength':
      return { msg: `String should have at most ${String(p.limit)} characters`, type: 'string_too_long' };
    case 'pattern':
      return p.pattern === NO_CONTROL_CHARACTERS
        ? { msg: 'Control characters (such as NUL) are not allowed', type: 'string_pattern_mismatch' }
        : { msg: 'Only letters, digits, "_", "." and "-" are allowed', type: 'string_pattern_mismatch' };
    case 'format':
      return p.format === 'email'
        ? { msg: 'value is not a valid email address', type: 'value_error' }
        : { msg: `must match format ${String(p.format)}`, type: 'value_error' };
    case 'type':
      return { msg: `Input should be a valid ${String(p.type)}`, type: `${String(p.type)}_type` };
    default:
      return { msg: issue.message ?? 'Invalid value', type: issue.keyword };
  }
}

/** Ajv's errors as FastAPI's `detail` list: `loc` names the field, the input is never echoed. */
function validationIssues(context: string, issues: readonly AjvIssue[]): Issue[] {
  return issues.map((issue) => {
    const path = issue.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') path.push(issue.params.missingProperty);
    return { loc: [context, ...path], ...describe(issue) };
  });
}

const CLIENT_ERRORS: Partial<Record<string, { status: number; detail: unknown }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 422, detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, detail: 'Unsupported media type: send application/json' },
};

/**
 * Installs the error and not-found handlers.
 *
 * @param app - The Fastify instance.
 * @example
 * ```ts
 * installErrorHandlers(app);
 * ```
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const unavailable = storeFailure(error);
    if (unavailable) {
      request.log.warn({ err: error }, 'store unavailable');
      return reply.code(503).headers(unavailable.headers).send({ detail: unavailable.detail });
    }
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).headers(error.headers).send({ detail: error.detail });
    }
    if (error.validation) {
      return reply.code(422).send({ detail: validationIssues(error.validationContext ?? 'body', error.validation as AjvIssue[]) });
    }
    const known = error.code === undefined ? undefined : CLIENT_ERRORS[error.code];
    if (known) return reply.code(known.status).send({ detail: known.detail });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ detail: error.message });
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'Not Found' }));
}
