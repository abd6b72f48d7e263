// A tiny JSON client for the API under test (Node's fetch, loopback only). `any` as the default body type:
// tests assert on the shape they expect, and a wrong guess fails the test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above.
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see JsonResponse.
export async function request<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<JsonResponse<T>> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    // A hang detector, not a speed check: long enough for a 2-core CI machine running two heavy test files at once.
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  // `any` in the default: tests assert on the shape they expect, and a wrong guess fails the test.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the line above.
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body };
}
