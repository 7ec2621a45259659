import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, type FieldError } from '../errors.js';

/** RFC 9457 problem document as Comptoir sends it (content type `application/problem+json`). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI naming the problem type: `urn:comptoir:problem:<code>`' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. `CATALOG.NOT_LEAF_CATEGORY`' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true },
);

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldErrors(context: string | undefined, issues: AjvIssue[]): FieldError[] {
  return issues.map((issue) => {
    let field = issue.instancePath || '';
    let message = issue.message ?? 'is invalid';
    if (issue.keyword === 'required') field += `/${String(issue.params.missingProperty)}`;
    if (issue.keyword === 'additionalProperties') {
      field += `/${String(issue.params.additionalProperty)}`;
      message = 'is not a known field';
    }
    return { field: `${context ?? 'body'}${field || ''}`, message };
  });
}

/** Maps any thrown error to its problem document; unknown errors become a 500 that leaks nothing. */
export function toProblem(error: unknown): { status: number; code: string; detail: string; errors?: FieldError[]; extensions?: Record<string, unknown> } {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, detail: error.detail, errors: error.errors, extensions: error.extensions };
  }
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe?.validation) {
    const errors = fieldErrors(fe.validationContext, fe.validation);
    return { status: 400, code: 'VALIDATION.FAILED', detail: `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors };
  }
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'REQUEST.BODY_TOO_LARGE', detail: 'The request body is larger than this server accepts' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', detail: 'Unsupported content type; send application/json' };
    case 'FST_CSRF_MISSING_SECRET':
    case 'FST_CSRF_INVALID_TOKEN':
      return { status: 403, code: 'AUTH.CSRF_REJECTED', detail: 'Send the token of GET /api/auth/csrf in the x-csrf-token header' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'REQUEST.EMPTY_BODY', detail: 'The JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'The body is not valid JSON' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'REQUEST.BAD_CONTENT_LENGTH', detail: 'Content-Length does not match the body' };
  }
  if (error instanceof SyntaxError || fe?.statusCode === 400) {
    return { status: 400, code: 'REQUEST.MALFORMED', detail: 'The request could not be parsed' };
  }
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'REQUEST.REJECTED', detail: fe.message };
  }
  return { status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred; it has been logged' };
}

/** Sends `error` as problem+json; logs 5xx with the stack, 4xx at debug. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(error);
  if (p.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ code: p.code }, p.detail);
  const retryAfter = p.extensions?.retryAfter;
  if (typeof retryAfter === 'number' && Number.isSafeInteger(retryAfter) && retryAfter > 0) reply.header('retry-after', String(retryAfter));
  return reply
    .status(p.status)
    .type('application/problem+json')
    .send({
      type: `urn:comptoir:problem:${p.code}`,
      title: TITLES[p.status] ?? 'Error',
      status: p.status,
      detail: p.detail,
      code: p.code,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(p.errors ? { errors: p.errors } : {}),
      ...(p.extensions ?? {}),
    });
}
