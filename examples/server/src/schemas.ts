/**
 * Request and response schemas (the template's `schemas.py`), declared once with TypeBox and used
 * three ways: Fastify validates requests with them, serializes responses through them (so a field
 * that is not declared, like the password hash, can never leak), and `@fastify/swagger` turns them
 * into the OpenAPI document.
 *
 * @module
 */
import { type Static, Type } from '@sinclair/typebox';

/**
 * Text without NUL or any other control character. PostgreSQL cannot store NUL (the query fails) and
 * no name, ID or OAuth parameter needs a control character: refusing them at the edge turns what
 * would be a database error into a clear 400/422 on both databases.
 */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F]*$';

/** A string schema that refuses control characters, with other constraints. */
export const SafeText = (options: Parameters<typeof Type.String>[0] = {}) => Type.String({ pattern: NO_CONTROL_CHARACTERS, ...options });

/** `POST /register`: username 3-32 of letters, digits, `_.-`; a valid email; a password of 8-128 characters. */
export const RegisterBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$', examples: ['alice'] }),
    email: Type.String({ format: 'email', maxLength: 254, examples: ['alice@example.com'] }),
    password: Type.String({ minLength: 8, maxLength: 128, examples: ['correct horse battery staple'] }),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

/**
 * `POST /login`: the template's JSON login (not an OAuth2 form). The password may be longer than at
 * registration: lengths count NFKC characters, and a password registered before that rule may expand.
 */
export const LoginBody = Type.Object(
  {
    username: SafeText({ minLength: 1, maxLength: 254, examples: ['alice'] }),
    password: Type.String({ minLength: 1, maxLength: 1024, examples: ['correct horse battery staple'] }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** `PATCH /me/password`: the current password and a new one of 8-128 characters (after NFKC). */
export const PasswordChangeBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: 1024 }),
    new_password: Type.String({ minLength: 8, maxLength: 128, examples: ['another horse battery staple'] }),
  },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

/** A user as the API shows it. */
export const UserOut = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    email: Type.String(),
    is_active: Type.Boolean(),
  },
  { description: 'A user (never the password hash)' },
);

/** The answer of `/login` and `/refresh`. */
export const TokenPair = Type.Object(
  {
    access_token: Type.String({ description: 'Send as `Authorization: Bearer <access_token>`' }),
    refresh_token: Type.String({ description: 'Send to `POST /refresh` as the bearer token; works once' }),
    token_type: Type.Literal('bearer'),
  },
  { description: 'An access and a refresh token' },
);

/** `{"message": ...}` of `/logout` and `/logout-all`. */
export const MessageOut = Type.Object({ message: Type.String() }, { description: 'Done' });

/** `GET /protected`. */
export const ProtectedOut = Type.Object({ message: Type.String(), user: UserOut }, { description: 'A greeting for the user' });

/** `GET /health`. */
export const HealthOut = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    database: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    redis: Type.Union([Type.Literal('ok'), Type.Literal('unavailable'), Type.Literal('not configured')]),
  },
  { description: 'Status of the server and its dependencies' },
);

/** `GET /health/ready`: like `/health`, and `draining` once SIGTERM has started the shutdown. */
export const ReadyOut = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('draining')]),
    database: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    redis: Type.Union([Type.Literal('ok'), Type.Literal('unavailable'), Type.Literal('not configured')]),
  },
  { description: 'Whether this instance should receive traffic' },
);

/** `GET /health/live`. */
export const LiveOut = Type.Object({ status: Type.Literal('ok') }, { description: 'The process is up and answering' });

/** One invalid field, FastAPI style: where it is, what is wrong. The input is never echoed. */
export const ValidationIssue = Type.Object({
  loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  msg: Type.String(),
  type: Type.String(),
});

/** Every error but 422. */
export const ErrorOut = Type.Object({ detail: Type.String() }, { description: 'An error: `{"detail": "..."}`' });
/** 422: one entry per invalid field. */
export const ValidationErrorOut = Type.Object(
  { detail: Type.Array(ValidationIssue) },
  { description: 'Invalid input: one entry per problem, each naming the field' },
);

const OAuthValue = SafeText();

/**
 * The parameters of every OAuth endpoint (query or form): strings without control characters (a
 * repeated name gives a list, refused by the route). Passwords in the login form may hold any
 * character. Objects, booleans and numbers (a JSON body) are refused before any handler runs.
 */
export const OAuthParams = Type.Object(
  { password: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Array(Type.String())])) },
  { additionalProperties: Type.Union([OAuthValue, Type.Array(OAuthValue)]) },
);

/** Error responses every JSON-body route can give. */
export const bodyErrors = { 413: ErrorOut, 415: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut, 503: ErrorOut } as const;

/** Error responses every authenticated route can give. */
export const authErrors = { 401: ErrorOut, 403: ErrorOut, 503: ErrorOut } as const;

/** The OpenAPI security requirement of the routes behind a bearer token. */
export const bearerSecurity = [{ bearerAuth: [] }];
