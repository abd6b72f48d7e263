// The request log: one completion line per request, with the request id on every line a handler writes.
// A healthy fast request is routine and logged at debug; a slow one, a refused one (4xx) and a failed
// one (5xx) are what an operator reads, so they come at info, info and error. The metrics
// (api/metrics.ts) count every request whatever its log level.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../platform/logger';
import { routeLabel } from './metrics';

/** A request slower than this is logged at info whatever its status. */
export const SLOW_REQUEST_MS = 1000;

const startedAt = Symbol('request started at');

type TimedResponse = ServerResponse & { [startedAt]?: number };

export function accessLevel(status: number, elapsedMs: number, error?: Error): 'debug' | 'info' | 'error' {
  if (error || status >= 500) return 'error';
  if (status >= 400 || elapsedMs >= SLOW_REQUEST_MS) return 'info';
  return 'debug';
}

export function accessLog(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      (res as TimedResponse)[startedAt] = Date.now();
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => accessLevel(res.statusCode, Date.now() - ((res as TimedResponse)[startedAt] ?? Date.now()), error),
    // req.log carries only the request id (and, once authenticated, the user id): every line a
    // handler or the error handler writes has it, and no line carries the request's headers.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // The completion line: method, URL and route pattern; never headers (Authorization holds a token).
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessObject: (_req, res, value) => ({ ...value, route: routeLabel(res as Response) }),
    customErrorObject: (_req, res, _error, value) => ({ ...value, route: routeLabel(res as Response) }),
  });
}
