// Every body, query and path parameter goes through a zod schema here, and every failure becomes the
// same ValidationProblem with the path of each invalid field.
import type { z } from 'zod';
import { ValidationProblem } from './errors';

export type RequestPart = 'body' | 'query' | 'params' | 'headers';

export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationProblem(
    result.error.issues.map((issue) => ({
      path: `${part === 'body' ? '' : part}/${issue.path.map(String).join('/')}`,
      message: issue.message,
    })),
  );
}
