// The talent round as the step gateway (api/step-gateway.ts) knows it: its workflow id, live status and
// record. Once the round's workflow has ended its offers are answered, accepted, declined or expired:
// a step then is a 409 (a retried request with its Idempotency-Key is replayed before it gets here).
import type { TalentRound } from '../../prisma/generated/client';
import { talentRoundWorkflowId } from '../../core/talent-matching/input';
import { talentRefusals, talentRoundQuery, type TalentRoundView } from '../../core/talent-matching/messages';
import { ConflictProblem, NotFoundProblem } from '../errors';
import type { ProcessDescriptor } from '../step-gateway';

export const talentRoundProcess: ProcessDescriptor<TalentRound, TalentRoundView> = {
  kind: 'talent_round',
  noun: 'Talent round',
  workflowId: talentRoundWorkflowId,
  statusQuery: talentRoundQuery,
  notFound: (id) => new NotFoundProblem(`Talent round ${id}`),
  readRecord: (deps, id) => deps.db.talentRound.findUnique({ where: { id } }),
  ended: (row) => row.status === 'closed',
  stepOnClosed: (row) => {
    throw new ConflictProblem(`The talent round is ${row.status}; its offers can no longer be answered.`, { refusal: talentRefusals.invalidState });
  },
};
