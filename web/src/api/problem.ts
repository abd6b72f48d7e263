// RFC 9457 problem+json answers as an Error the pages can show: `detail` in words, field errors by
// their JSON pointer (`/parties/0/role`) to place next to the form field, and the workflow's `refusal`.
export interface FieldError {
  path: string;
  message: string;
}

export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly refusal: string | null;
  /** The whole problem document, for a page that reads a problem type's own members. */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, body: unknown) {
    const b = (body ?? {}) as { type?: string; title?: string; detail?: string; errors?: FieldError[]; refusal?: string };
    super(b.detail ?? b.title ?? `HTTP ${status}`);
    this.status = status;
    this.type = b.type ?? 'about:blank';
    this.detail = b.detail ?? b.title ?? `HTTP ${status}`;
    this.fieldErrors = Array.isArray(b.errors) ? b.errors : [];
    this.refusal = typeof b.refusal === 'string' ? b.refusal : null;
    this.body = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  }

  /** The last segment of the problem type (`…/not-your-turn` → `not-your-turn`). */
  get code(): string {
    return this.type.split('/').pop() ?? this.type;
  }
}

/** openapi-fetch's answer → its data, or a thrown Problem. */
export async function unwrap<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) throw new Problem(response.status, error);
  return data as T;
}
