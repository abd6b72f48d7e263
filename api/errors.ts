// The one error hierarchy of the API and its single mapping to RFC 9457 problem+json.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { isGrpcServiceError } from '@temporalio/client';
import { databaseDataError } from '../platform/database-errors';
import type { Logger } from '../platform/logger';
import { localizeFieldErrors } from './field-message-language';
import { localizeProblem, negotiateProblemLanguage } from './problem-language';

const PROBLEM_BASE = 'https://allianceflow.dev/problems/';

export interface FieldError {
  /** JSON-pointer-like path of the invalid field, e.g. "/parties/0/role" or "query/limit". */
  path: string;
  message: string;
}

export class ProblemError extends Error {
  /** Response headers that belong to the problem (405's Allow). */
  headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

export class ValidationProblem extends ProblemError {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request is not valid.',
  ) {
    super(400, 'validation-error', 'Invalid request', detail, { errors });
  }
}

export class UnauthorizedProblem extends ProblemError {
  constructor() {
    super(401, 'unauthorized', 'Authentication required', 'A valid bearer token is required.');
  }
}

export class ForbiddenProblem extends ProblemError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundProblem extends ProblemError {
  constructor(what: string) {
    super(404, 'not-found', 'Not found', `${what} was not found.`);
  }
}

/** RFC 9110 §15.5.6: the path exists, the method does not; Allow lists the methods it answers. */
export class MethodNotAllowedProblem extends ProblemError {
  constructor(readonly allowed: readonly string[]) {
    super(405, 'method-not-allowed', 'Method not allowed', `This path answers ${allowed.join(', ')} only.`, { allow: allowed });
    this.headers = { Allow: allowed.join(', ') };
  }
}

export class ConflictProblem extends ProblemError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(409, 'conflict', 'Conflict', detail, extensions);
  }
}

/** The request is well-formed but names something that does not exist (an organisation id, ...). */
export class UnknownReferenceProblem extends ProblemError {
  constructor(readonly errors: FieldError[]) {
    super(422, 'unknown-reference', 'Unknown reference', 'The request refers to something that does not exist.', {
      errors,
    });
  }
}

/** A launch names parties nobody may act for (api/agreements/who-may-sign.ts): each in `unreachableParties` and `errors`. */
export class UnreachablePartiesProblem extends ProblemError {
  constructor(
    readonly parties: { partyId: string; organizationId: string | null; userId: string | null }[],
    readonly errors: FieldError[],
  ) {
    super(
      422,
      'unreachable-party',
      'Party nobody can act for',
      `Nobody may act for ${parties.length === 1 ? 'party' : 'parties'} ${parties.map((p) => p.partyId).join(', ')}: ` +
        'give each organisation an active signatory, or send allowUnreachableParties: true to launch anyway.',
      { unreachableParties: parties, errors },
    );
  }
}

export class UnsupportedMediaTypeProblem extends ProblemError {
  constructor() {
    super(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.');
  }
}

export class UnprocessableProblem extends ProblemError {
  constructor(slug: string, title: string, detail: string) {
    super(422, slug, title, detail);
  }
}

export class ServiceUnavailableProblem extends ProblemError {
  constructor(detail: string) {
    super(503, 'service-unavailable', 'Service unavailable', detail);
  }
}

/**
 * A launch whose workflow started (durably) but did not record it in time: no worker ran it, or a
 * Temporal or database fault delayed it. Answering 201 then would promise a row that a read or a step
 * right after would not find (a 404 the client takes as final: found by test/faults F7a); a retry
 * with the same Idempotency-Key finds the same workflow and answers once its record is written.
 */
export class LaunchNotRecordedProblem extends ProblemError {
  constructor() {
    super(503, 'service-unavailable', 'Service unavailable', 'The process has started but its record is not written yet; retry with the same Idempotency-Key.');
    this.headers = { 'Retry-After': '5' };
  }
}

export function sendProblem(req: Request, res: Response, problem: ProblemError): void {
  const language = negotiateProblemLanguage(req.headers['accept-language']);
  const { title, detail } = localizeProblem(problem, language);
  const errors = problem.extensions.errors;
  const fieldErrors = Array.isArray(errors) ? { errors: localizeFieldErrors(errors as FieldError[], language) } : {};
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(problem.status).vary('Accept-Language').setHeader('Content-Language', language);
  res.type('application/problem+json').json({
    type: PROBLEM_BASE + problem.slug,
    title,
    status: problem.status,
    detail,
    instance: req.originalUrl,
    ...problem.extensions,
    ...fieldErrors,
  });
}

// gRPC status codes that mean "Temporal cannot serve this right now", not "your request is wrong":
// unreachable or too slow, or over one of its limits (the client has already retried those).
const TEMPORAL_UNAVAILABLE_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);
// FAILED_PRECONDITION is a refusal in general, but this one is transient: the server turns Updates away
// while the workflow's last task failed or timed out (a worker died holding it) until a worker completes
// the retried task (found by test/faults F1, where it was a 500; and for a launch's Update-with-Start by
// the certification scale test on a loaded machine, whose first workflow tasks timed out).
const WORKFLOW_TASK_RECOVERING = /Workflow Task in failed state/i;

function isTemporalUnavailable(error: unknown): boolean {
  // The client wraps gRPC failures in its own ServiceError; the status code sits on a cause.
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (isGrpcServiceError(current)) {
      if (TEMPORAL_UNAVAILABLE_CODES.has(current.code)) return true;
      // An Update-with-Start says so in the message (its details only say the multi-operation failed).
      if (current.code === 9 /* FAILED_PRECONDITION */ && [current.details, current.message].some((text) => WORKFLOW_TASK_RECOVERING.test(text ?? ''))) {
        return true;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

// The database cannot be reached, or dropped the connection, or is shutting down or starting up: a
// 503 like Temporal's, not a 500 (during a PostgreSQL outage every authenticated request was a 500:
// found by test/faults F3). Recognised by Prisma's codes (P1001 unreachable, P1002/P1008 timeouts, P1017
// connection closed, P2024 pool timeout, P2037 too many connections; a transaction that could not start
// within its wait, P2028), the pg adapter's error kinds and
// SQLSTATEs (08xxx connection exceptions, 57P01-57P03 shutdown / not yet accepting connections), and
// what pg says when a connection dies under a query.
const DATABASE_UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
const DATABASE_UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const DATABASE_UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
// pg's own connection errors carry no SQLSTATE, and the pg adapter rethrows them unconverted, so some
// reach us as plain Errors (a 500 during an outage in test/faults F3): the message is all there is.
const DATABASE_UNAVAILABLE_MESSAGE =
  /Can't reach database server|Connection terminated|Connection ended unexpectedly|terminating connection due to|server closed the connection unexpectedly|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Unable to start a transaction in the given time|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|ECONNREFUSED|ECONNRESET|EPIPE/;

function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const e = current as {
      name?: string;
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } };
      cause?: unknown;
    };
    if (e.name === 'PrismaClientInitializationError') return true;
    if (typeof e.code === 'string' && (DATABASE_UNAVAILABLE_CODES.has(e.code) || DATABASE_UNAVAILABLE_SQLSTATE.test(e.code))) return true;
    const adapter = e.meta?.driverAdapterError?.cause;
    if (adapter?.kind && DATABASE_UNAVAILABLE_KINDS.has(adapter.kind)) return true;
    if (adapter?.originalCode && DATABASE_UNAVAILABLE_SQLSTATE.test(adapter.originalCode)) return true;
    if (typeof e.message === 'string' && DATABASE_UNAVAILABLE_MESSAGE.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

/** Turns anything thrown into a problem: the known kinds as they are, the unknown as a 500 with an id. */
export function toProblem(error: unknown, log: Logger): ProblemError {
  if (error instanceof ProblemError) return error;
  const e = error as { type?: string; status?: number; expose?: boolean; message?: string };
  // body-parser's own errors carry an http status and are safe to describe.
  if (e?.type === 'entity.too.large') return new ProblemError(413, 'payload-too-large', 'Payload too large', e.message);
  if (e?.type === 'entity.parse.failed') {
    return new ValidationProblem([{ path: '/', message: 'body is not valid JSON' }], 'The body is not valid JSON.');
  }
  // The router could not percent-decode a path parameter (it marks the error 400 but not `expose`).
  if (error instanceof URIError) {
    return new ValidationProblem([{ path: 'params/', message: 'is not valid percent-encoding' }], 'The URL is not valid.');
  }
  if (e?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new ProblemError(e.status, 'bad-request', 'Bad request', e.message);
  }
  if (isTemporalUnavailable(error)) {
    return new ServiceUnavailableProblem('The workflow service is unavailable; retry later.');
  }
  if (isDatabaseUnavailable(error)) {
    return new ServiceUnavailableProblem('The database is unavailable; retry later.');
  }
  // A value the database cannot store or compare that no schema caught: the request's fault, said as a
  // 422 (never a 500), and logged, since a schema should have refused it first.
  const data = databaseDataError(error);
  if (data) {
    log.warn({ err: error, sqlState: data.sqlState }, 'database data error answered as 422');
    return new ProblemError(422, 'unstorable-value', 'Value cannot be stored', 'The request holds a value the database cannot store or compare.', {
      sqlState: data.sqlState,
    });
  }
  const errorId = randomUUID();
  log.error({ err: error, errorId }, 'unexpected error');
  return new ProblemError(500, 'internal-error', 'Internal server error', 'An unexpected error occurred.', {
    errorId,
  });
}

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    // A streamed answer (an export) that failed after its first bytes: the status is gone, so the
    // connection is cut, which the client sees as an incomplete body rather than a complete one.
    if (res.headersSent) {
      ((req as { log?: Logger }).log ?? log).error({ err: error }, 'streamed response failed');
      res.destroy();
      return;
    }
    sendProblem(req, res, toProblem(error, (req as { log?: Logger }).log ?? log));
  };
}
