// Every body, query and path parameter goes through a zod schema here, and every failure becomes the
// same ValidationProblem with the path of each invalid field.
//
// Before any schema sees a value, inspectJson() refuses what no schema should have to think about and
// what would otherwise surface as a 500 deep inside: nesting deeper than MAX_JSON_DEPTH (recursive code,
// such as the idempotency hash, would overflow the stack), U+0000 (PostgreSQL text cannot hold it) and
// lone UTF-16 surrogates (not representable in UTF-8: they would be silently replaced on the way to the
// database). Keys are inspected like values.
import type { z } from 'zod';
import { type FieldError, ValidationProblem } from './errors';
import { zodErrorMap } from './field-message-language';
import { DEFAULT_PROBLEM_LANGUAGE, type ProblemLanguage } from './problem-language';

export type RequestPart = 'body' | 'query' | 'params' | 'headers';

export const MAX_JSON_DEPTH = 32;

function partPath(part: RequestPart, segments: readonly PropertyKey[]): string {
  return `${part === 'body' ? '' : part}/${segments.map(String).join('/')}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  return null;
}

/** Depth, NUL and lone-surrogate checks over a parsed JSON value (iterative: any depth is safe). */
export function inspectJson(value: unknown, part: RequestPart): void {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && errors.length < 20) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = stringProblem(current);
      if (problem) errors.push({ path: partPath(part, path), message: problem });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      errors.push({ path: partPath(part, path), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const key of Object.keys(current)) {
      const keyProblem = stringProblem(key);
      if (keyProblem) {
        errors.push({ path: partPath(part, path), message: `has a key that ${keyProblem}` });
        continue;
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  if (errors.length > 0) throw new ValidationProblem(errors);
}

/** zod's messages in `language` (zod's zh-CN locale, for this parse only: api/field-message-language.ts). */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestPart,
  language: ProblemLanguage = DEFAULT_PROBLEM_LANGUAGE,
): z.infer<S> {
  inspectJson(value, part);
  const errorMap = zodErrorMap(language);
  const result = errorMap ? schema.safeParse(value, { error: errorMap }) : schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationProblem(result.error.issues.map((issue) => ({ path: partPath(part, issue.path), message: issue.message })));
}
