// A process step as an HTTP route, the same for every process: the caller must be able to see the
// process's record (else 404, as for one that does not exist), then its argument is prepared and the
// step goes through the step gateway (api/step-gateway.ts). With an Idempotency-Key the Update's id is
// derived from it, so Temporal itself deduplicates a retry.
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Principal } from './auth/principal';
import type { ApiDependencies } from './dependencies';
import { deterministicId } from './idempotency';
import { type AnyRoute, defineRoute } from './routing';
import { markPhase } from './server-timing';
import { type ProcessDescriptor, type RecordStatus, runStep } from './step-gateway';

export interface StepContext<B extends z.ZodType> {
  id: string;
  body: z.infer<B>;
  params: Record<string, string>;
  principal: Principal;
  deps: ApiDependencies;
}

export function processStepRoute<Row extends RecordStatus, R, A, B extends z.ZodType>(options: {
  process: ProcessDescriptor<Row, unknown>;
  /** Express-style, with the record's `:id`. */
  path: string;
  summary: string;
  tags: string[];
  /** Who may take the step, for the policy table (the caller's visibility, then the workflow's rule). */
  note: string;
  params: z.ZodObject;
  body?: B;
  /** The body's example in the OpenAPI document (api/routing.ts). */
  bodyExample?: z.input<B>;
  result: z.ZodType;
  update: UpdateDefinition<R, [A]>;
  /** The record if the caller may see the process (null: right after its start, before the record); else throws 404. */
  visible: (deps: ApiDependencies, principal: Principal, id: string) => Promise<Row | null>;
  /** The Update's argument (not prepared for a step the record of an ended workflow answers). */
  args: (ctx: StepContext<B>) => A | Promise<A>;
  /**
   * Instead of `visible`, a check that only throws the 404, run alongside the Update instead of before it
   * (api/step-gateway.ts runStep): only for a step whose `args` write nothing and answer nothing a caller
   * who may not see the record could tell from a 404, and whose workflow admits only callers who can see
   * the record.
   */
  visibleAlongside?: (deps: ApiDependencies, principal: Principal, id: string) => Promise<void>;
}): AnyRoute {
  return defineRoute({
    method: 'post',
    path: options.path,
    summary: options.summary,
    tags: options.tags,
    access: { roles: 'any', note: options.note },
    params: options.params,
    ...(options.body ? { body: options.body, bodyExample: options.bodyExample } : {}),
    responses: { 200: { description: 'Done, or already done before (alreadyDone)', schema: options.result } },
    handler: async ({ params, body, principal, req, deps }) => {
      const all = params as Record<string, string>;
      const id = all.id!;
      // Server-Timing phases (api/server-timing.ts): where a step's milliseconds go before and in the Update.
      let row: Row | null | Promise<Row | null>;
      if (options.visibleAlongside) row = options.visibleAlongside(deps, principal, id).then(() => null);
      else {
        row = await options.visible(deps, principal, id);
        markPhase(req.res, 'visibility');
      }
      const args = async () => {
        const prepared = await options.args({ id, body: body as z.infer<B>, params: all, principal, deps });
        markPhase(req.res, 'args');
        return prepared;
      };
      const call = { update: options.update, args, principal, updateId: deterministicId(req, principal) };
      const result = await runStep(deps, options.process, id, call, row);
      markPhase(req.res, 'update');
      return { status: 200, body: result };
    },
  });
}
