/**
 * @module creation/registry/http/http-problem
 * Errors on the wire: `application/problem+json` (RFC 9457) as the official registry answers
 * (`title`, `status`, `detail`), plus `error` (the generic registry spec's field), the stable
 * Gatehouse `code` and its `data`. Unexpected errors become a bare 500 without internals.
 */
import type { Context } from 'hono';
import type { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import { httpStatusOf, refuse } from '../registry-errors.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The problem response for an error. */
export function problemResponse(error: unknown): Response {
  const status = httpStatusOf(error);
  const known = error instanceof GatehouseError && status !== 500;
  const detail = known ? error.message : 'Internal error';
  const body = {
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    error: detail,
    code: known ? error.code : ErrorCode.Internal,
    ...(known && error.data !== undefined ? { data: error.data } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** Parses `value` with `schema` or refuses with `REGISTRY_REQUEST_INVALID` naming `what`. */
export function parseOrRefuse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    refuse(ErrorCode.RegistryRequestInvalid, `${what}: ${where}${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The JSON body of a request, or a refusal. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return (await c.req.json()) as unknown;
  } catch {
    return refuse(ErrorCode.RegistryRequestInvalid, 'the body is not JSON');
  }
}
