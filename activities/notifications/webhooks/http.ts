// One HTTP attempt of a webhook delivery: POST the exact body with the signed headers, no redirects
// followed, a hard timeout, and only the first few KiB of the answer kept for the delivery log.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refusedLiteralHost, type TargetPolicy } from './targets';

const KEEP_RESPONSE_BYTES = 2048;
export const USER_AGENT = 'AllianceFlow-Webhooks/1';

export interface HttpAnswer {
  statusCode: number;
  /** The start of the response body (text), for the delivery log. */
  body: string;
  /** From Retry-After (seconds or an HTTP date), when the receiver sent one. */
  retryAfterMs?: number;
}

export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; policy: TargetPolicy },
): Promise<HttpAnswer> {
  const transport = url.protocol === 'https:' ? https : http;
  // The policy holds here whatever the caller checked before: an IP literal never passes through lookup.
  const literalRefused = refusedLiteralHost(url, options.policy);
  if (literalRefused) return Promise.reject(new NetworkError(literalRefused.message, 'ETARGETREFUSED'));
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: NetworkError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': USER_AGENT,
        },
        lookup: guardedLookup(options.policy),
        // A fresh connection per attempt: nothing pooled outlives the activity.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < KEEP_RESPONSE_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const retryAfter = response.headers['retry-after'];
          resolve({
            statusCode: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, KEEP_RESPONSE_BYTES),
            retryAfterMs: retryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, Date.now()),
          });
          request.destroy();
        };
        response.on('end', finish);
        // The status line is what counts; a body that breaks off afterwards does not change it.
        response.on('error', finish);
        response.on('aborted', finish);
      },
    );
    const timer = setTimeout(() => fail(new NetworkError(`no answer within ${options.timeoutMs} ms`, 'ETIMEDOUT')), options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => fail(new NetworkError(error.message, error.code)));
    request.end(body);
  });
}
