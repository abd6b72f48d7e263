// The RFC 9457 problem+json shape, for the OpenAPI document (errors.ts produces it).
import { z } from 'zod';

export const problemResponseSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    errorId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
