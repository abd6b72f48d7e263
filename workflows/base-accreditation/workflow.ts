// BaseAccreditation: one workflow per application of an organisation to be a continuing-education base
// (继续教育基地), from the application through its yearly dynamic review until it exits, expires or is
// rejected.
//
//   formal_review ─approve─► expert_review ─panel approves─► public_notice ─ends, no objection open─► accredited
//        │reject                  │panel rejects                 │objection upheld                    │
//        ▼                        ▼                              ▼                                    ▼
//     rejected                 rejected                       rejected          each year: report_due ─filed─► evaluation
//                                                                                   │missed            │score
//                                                                                   ▼                  ├─pass──────────► next year
//                                                                                 exited               ├─rectification─► rectification ─measures─► rectification_review
//                                                                                                      └─exit──► exited      │missed: exited          │pass: next year, else exited
//
// At the end of validity: renewed when the base asked for it, else expired. The steps are Updates whose
// validators refuse precisely (state.ts, review-tasks.ts); the clock is timers.ts. Each step is written by
// one activity: the trail entry, the row, and the base's standing in continuing_education_bases, which
// the TrainingCohort reads before a cohort opens. The history stays bounded: the workflow continues as
// new each year (once a year is decided and the next begun), and past `historyLimit` events.
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createBaseAccreditationActivities } from '../../activities/base-accreditation/accreditation-records';
import type { createCertificationStorageActivities } from '../../activities/certification/storage';
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import { nameBasedId } from '../../core/name-based-id';
import type { BaseAccreditationInput } from '../../core/base-accreditation/input';
import {
  accreditationStatusQuery,
  type AccreditationView,
  annualReportUpdate,
  claimTaskUpdate,
  decideTaskUpdate,
  launchRecordedUpdate,
  objectUpdate,
  rectificationUpdate,
  renewalUpdate,
  resolveObjectionUpdate,
} from '../../core/base-accreditation/messages';
import type { AccreditationProjection } from '../../core/base-accreditation/records';
import { storageActivityOptions } from '../shared/activity-options';
import { LaunchRecord } from '../shared/launch-record';
import { refuseIf } from '../shared/refusals';
import { untilMs } from '../shared/timers';
import { checkClaim, checkDecision, claim, decide, escalate, openTasks, stageToOpen } from './review-tasks';
import {
  type AccreditationState,
  checkObjection,
  checkRectification,
  checkRenewal,
  checkReport,
  checkResolve,
  currentYear,
  fileReport,
  initialState,
  isClosed,
  object,
  reportRectification,
  requestRenewal,
  resolve,
  standingOf,
  stepResult,
} from './state';
import { type DueTimer, fire, nextTimer } from './timers';

const storage = proxyActivities<
  ReturnType<typeof createBaseAccreditationActivities> & Pick<ReturnType<typeof createCertificationStorageActivities>, 'findCertificationReviewers'>
>(storageActivityOptions);

const DEFAULT_HISTORY_LIMIT = 4000;

/** What one run hands the next (continue-as-new): the state and the number of trail entries written. */
interface Carried {
  state: AccreditationState;
  entries: number;
}

export async function baseAccreditation(input: BaseAccreditationInput): Promise<AccreditationView> {
  const { workflowId } = workflowInfo();
  const carried = input.carried as Carried | undefined;
  let state: AccreditationState = carried ? carried.state : initialState(input, new Date());
  let entries = carried ? carried.entries : 0;
  const launch = new LaunchRecord(Boolean(carried));
  let tail: Promise<unknown> = Promise.resolve();
  let writing = 0;

  /** One step's writes, one activity, in the order the steps happened. */
  function record(step: string, actor: string, data: Record<string, unknown>): Promise<void> {
    const entry: AuditEntryInput = {
      subjectType: 'continuing_education_base',
      subjectId: state.accreditationId,
      entryKey: `${workflowId}/${++entries}/${step}`,
      step,
      actor,
      occurredAt: new Date().toISOString(),
      data: { status: state.status, year: state.year, ...data },
    };
    const write = { entry, projection: projectionOf(state, workflowId), standing: standingOf(state, workflowId) };
    writing++;
    const run = tail.then(() => storage.recordAccreditationStep(write));
    const done = () => {
      writing--;
    };
    run.then(done, done);
    tail = run.catch(() => undefined);
    return run.then(() => undefined);
  }

  setHandler(accreditationStatusQuery, () => state, { description: "The accreditation's live state: its tasks, objections, years and standing." });
  setHandler(launchRecordedUpdate, () => launch.recorded(() => state), {
    description: 'Answers once the application is recorded; the API launches with this Update-with-Start.',
  });

  setHandler(
    claimTaskUpdate,
    async (step) => {
      state = claim(state, step);
      await record('task_claimed', step.actor.userId, { taskId: step.taskId });
      return stepResult(state, { taskId: step.taskId });
    },
    { description: 'A reviewer claims a review or evaluation task of their pool.', validator: (step) => refuseIf(checkClaim(state, step)) },
  );

  setHandler(
    decideTaskUpdate,
    async (step) => {
      const task = state.tasks.find((t) => t.taskId === step.taskId)!;
      state = decide(state, step, new Date());
      await record('task_decided', step.actor.userId, {
        taskId: step.taskId,
        stage: task.stage,
        decision: step.decision ?? null,
        score: step.score ?? null,
        reason: step.reason ?? null,
      });
      return stepResult(state, { taskId: step.taskId });
    },
    {
      description: 'The assignee decides: a review (approve, reject with a reason) or an evaluation (a score 0-100).',
      validator: (step) => refuseIf(checkDecision(state, step)),
    },
  );

  setHandler(
    objectUpdate,
    async (step) => {
      const objectionId = nameBasedId(`${workflowId}/objection/${state.objections.length + 1}`);
      state = object(state, step, objectionId, new Date());
      await record('objection_raised', step.actor.userId, { objectionId, text: step.text });
      return stepResult(state, { objectionId });
    },
    { description: 'An objection during the public notice.', validator: (step) => refuseIf(checkObjection(state, step)) },
  );

  setHandler(
    resolveObjectionUpdate,
    async (step) => {
      state = resolve(state, step, new Date());
      await record('objection_resolved', step.actor.userId, { objectionId: step.objectionId, resolution: step.resolution, note: step.note });
      return stepResult(state, { objectionId: step.objectionId });
    },
    {
      description: 'The authority resolves an objection: upheld rejects the application, dismissed clears it.',
      validator: (step) => refuseIf(checkResolve(state, step)),
    },
  );

  setHandler(
    annualReportUpdate,
    async (step) => {
      const year = currentYear(state)!;
      // The figures the records hold for the year's window: people trained, completion, hours delivered.
      const computed = await storage.computeAnnualFigures({ organizationId: state.application.organizationId, from: year.from, to: year.to });
      // The deadline may have passed while the figures were read.
      refuseIf(checkReport(state, step));
      state = fileReport(state, step, computed, new Date());
      await record('annual_report_filed', step.actor.userId, { reported: step.year, declared: step.declared, computed, summary: step.summary });
      return stepResult(state, { year: step.year });
    },
    {
      description: 'The base files its annual report; the figures from the hours ledger and the training records are added.',
      validator: (step) => refuseIf(checkReport(state, step)),
    },
  );

  setHandler(
    rectificationUpdate,
    async (step) => {
      state = reportRectification(state, step, new Date());
      await record('rectification_reported', step.actor.userId, { measures: step.measures });
      return stepResult(state, { year: state.year });
    },
    {
      description: 'The base reports its rectification measures before the deadline.',
      validator: (step) => refuseIf(checkRectification(state, step)),
    },
  );

  setHandler(
    renewalUpdate,
    async (step) => {
      state = requestRenewal(state);
      await record('renewal_requested', step.actor.userId, { accreditedUntil: state.accreditedUntil });
      return stepResult(state);
    },
    {
      description: 'The base asks for its accreditation to be renewed at the end of its validity.',
      validator: (step) => refuseIf(checkRenewal(state, step)),
    },
  );

  if (!carried) {
    const a = state.application;
    await launch.track(
      record('applied', input.appliedBy, {
        organizationId: a.organizationId,
        authorityOrganizationId: a.authorityOrganizationId,
        domain: a.domain,
        facilities: a.facilities.length,
        faculty: a.faculty.length,
        evidence: a.evidence.map((e) => ({ name: e.name, sha256: e.sha256 })),
      }),
    );
  }

  const yearAtStart = state.year;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const historyFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit;

  while (!isClosed(state.status)) {
    if (stageToOpen(state)) {
      const reviewers = await storage.findCertificationReviewers({ evaluationOrganizationIds: state.policy.evaluationOrganizationIds });
      const before = state;
      state = openTasks(state, reviewers, new Date());
      if (state !== before) {
        const opened = state.tasks.filter((t) => !before.tasks.includes(t));
        await record('tasks_opened', 'system', {
          tasks: opened.map((t) => ({ taskId: t.taskId, stage: t.stage, seat: t.seat, pool: t.pool.length, dueAt: t.dueAt })),
        });
      }
      continue;
    }
    // A year decided and the next begun, or a full history: the next run starts from the state left.
    if ((state.status === 'accredited' && state.year > yearAtStart) || historyFull()) {
      await settle();
      if (!isClosed(state.status) && !stageToOpen(state)) {
        await continueAsNew<typeof baseAccreditation>({ ...input, carried: { state, entries } satisfies Carried });
      }
      continue;
    }
    const timer = nextTimer(state);
    const seen = state;
    const moved = () => state !== seen || historyFull();
    if (timer === null) {
      await condition(moved);
      continue;
    }
    if (await condition(moved, untilMs(timer.at))) continue;
    await onTimer(timer);
  }
  await settle();
  return state;

  async function onTimer(timer: DueTimer): Promise<void> {
    if (timer.kind === 'task_due') {
      const reviewers = await storage.findCertificationReviewers({ evaluationOrganizationIds: state.policy.evaluationOrganizationIds });
      const escalated = escalate(state, timer.taskId!, reviewers, new Date());
      if (escalated.state === state) return;
      state = escalated.state;
      await record('task_escalated', 'system', { taskId: timer.taskId, from: escalated.from, to: escalated.to });
      return;
    }
    const before = state.status;
    state = fire(state, timer, new Date());
    await record(timer.kind, 'system', { from: before, accreditedUntil: state.accreditedUntil, renewals: state.renewals });
  }

  async function settle(): Promise<void> {
    do {
      await condition(allHandlersFinished);
      await tail;
    } while (!allHandlersFinished() || writing > 0);
  }
}

function projectionOf(state: AccreditationState, workflowId: string): AccreditationProjection {
  return {
    id: state.accreditationId,
    organizationId: state.application.organizationId,
    authorityOrganizationId: state.application.authorityOrganizationId,
    domain: state.application.domain,
    status: state.status,
    year: state.year,
    accreditedAt: state.accreditedAt,
    accreditedUntil: state.accreditedUntil,
    years: state.years.map((y) => ({
      year: y.year,
      outcome: y.outcome,
      score: y.score,
      reportedAt: y.report?.filedAt ?? null,
      decidedAt: y.decidedAt,
      exitReason: y.exitReason,
    })),
    appliedBy: state.appliedBy,
    submittedAt: state.submittedAt,
    closedAt: state.closedAt,
    workflowId,
  };
}
