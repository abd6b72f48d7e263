// A client that behaves like a careful API user while faults are injected: every write carries an
// Idempotency-Key, and an answer that says "not now" (503, a 409 "still in progress" for the same key,
// a timeout, a reset connection) is retried with the same key and body after a short pause, until a
// final answer or the operation's deadline. Every answer is tallied, so a scenario can report (and
// assert) what the API said while the fault lasted: a 500 or a hang is a finding, a 503 is not.
export interface Tally {
  /** Answers by status ("200", "503", ...) and failures without an answer ("timeout", "network"). */
  answers: Map<string, number>;
  retries: number;
  /** 5xx answers other than 503, with their bodies (first few). */
  serverErrors: string[];
}

export function newTally(): Tally {
  return { answers: new Map(), retries: 0, serverErrors: [] };
}

export function describeTally(t: Tally): string {
  return [...t.answers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
}

function count(t: Tally, key: string): void {
  t.answers.set(key, (t.answers.get(key) ?? 0) + 1);
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the fields they expect; a wrong guess fails the test.
  body: any;
  contentType: string | null;
  /** The answer is the stored first answer of its Idempotency-Key (`idempotent-replayed: true`), not a new run. */
  replayed?: boolean;
  /** Where the API's time went (api/server-timing.ts), as its Server-Timing header said. */
  serverTiming?: string;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** One request's own limit: longer than any legitimate answer, so that reaching it means a hang. */
  requestTimeoutMs?: number;
}

/** One request; no retry. A timeout or a connection failure is answered as status 0 with a reason. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer & { failure?: 'timeout' | 'network' }> {
  const hasBody = options.body !== undefined;
  try {
    const response = await fetch(baseUrl + path, {
      method: options.method ?? (hasBody ? 'POST' : 'GET'),
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: AbortSignal.timeout(options.requestTimeoutMs ?? 60_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return {
      status: response.status,
      body,
      contentType: response.headers.get('content-type'),
      replayed: response.headers.get('idempotent-replayed') === 'true',
      serverTiming: response.headers.get('server-timing') ?? undefined,
    };
  } catch (error) {
    const name = (error as Error).name;
    return { status: 0, body: String(error), contentType: null, failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True for the answers a client should retry with the same Idempotency-Key. */
function retryable(answer: Answer & { failure?: string }): boolean {
  if (answer.status === 0 || answer.status === 503) return true;
  // The same key is still being worked on (api/idempotency.ts): wait for it and ask again.
  if (answer.status === 409 && answer.body?.type === 'https://allianceflow.dev/problems/conflict' && /still in progress/.test(answer.body?.detail ?? ''))
    return true;
  return false;
}

export class OperationFailed extends Error {}

/**
 * Runs one write until it has a final answer: a 2xx is returned; a retryable answer is retried (same
 * key, same body); anything else (a 4xx refusal, a 500) ends the operation with an error, since in these
 * scenarios every operation is valid and must eventually succeed.
 */
export async function untilDone(
  baseUrl: string,
  path: string,
  options: CallOptions & { idempotencyKey: string; tally: Tally; deadlineMs: number },
): Promise<Answer> {
  const deadline = Date.now() + options.deadlineMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) options.tally.retries++;
    const answer = await call(baseUrl, path, { ...options, headers: { ...options.headers, 'idempotency-key': options.idempotencyKey } });
    count(options.tally, answer.failure ?? String(answer.status));
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (answer.status >= 500 && answer.status !== 503 && options.tally.serverErrors.length < 5) {
      options.tally.serverErrors.push(`${path} ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    if (!retryable(answer)) {
      throw new OperationFailed(`${options.method ?? 'POST'} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    if (Date.now() > deadline) {
      throw new OperationFailed(
        `${path} had no final answer within ${options.deadlineMs} ms (last: ${answer.failure ?? answer.status} ${JSON.stringify(answer.body).slice(0, 300)})`,
      );
    }
    // Spread the retries of many clients: 0.5 to 2 s.
    await sleep(500 + Math.random() * 1500);
  }
}
