// TrainingCohort: one workflow per cohort (培训班) a continuing-education base runs, from its publication
// until every enrolled person has an outcome.
//
//   launch ──base may open cohorts?──no──► refused
//     │ yes
//     ▼
//   open: enrolments (waitlist, promotion in order), withdrawals, attendance per session in bulk,
//         corrections, assessments ──every enrolled person assessed──► closed
//
// The steps are Updates (validators refuse precisely, without touching history); the rules are in
// state.ts. Each step is written by one activity: the cohort's trail entry, its row, the enrolments it
// changed, the hours it put in people's ledgers (ledger-entries.ts) and the training records it decided.
// The history stays bounded: before `historyLimit` events (or when Temporal suggests it) the workflow
// continues as new, carrying its state, so 300 people × 50 sessions are as safe as 40 × 8.
import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createBaseStandingActivities } from '../../activities/continuing-education/base-standing';
import type { createTrainingCohortActivities } from '../../activities/training-cohort/cohort-records';
import { mayOpenCohorts } from '../../core/continuing-education/base-standing';
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import type { TrainingCohortInput } from '../../core/training-cohort/input';
import {
  assessmentUpdate,
  attendanceUpdate,
  cohortStatusQuery,
  type CohortView,
  correctionUpdate,
  enrolUpdate,
  launchRecordedUpdate,
  type TrainingRecordWrite,
  withdrawUpdate,
} from '../../core/training-cohort/messages';
import type { CohortProjection } from '../../core/training-cohort/records';
import { storageActivityOptions } from '../shared/activity-options';
import { LaunchRecord } from '../shared/launch-record';
import { refuseIf } from '../shared/refusals';
import { attendanceEntries, compensationEntry } from './ledger-entries';
import {
  assess,
  checkAssessments,
  checkAttendance,
  checkCorrection,
  checkEnrol,
  checkWithdraw,
  type CohortState,
  correct,
  counts,
  enrol,
  enrolmentView,
  initialState,
  recordAttendance,
  refuseLaunch,
  toView,
  withdraw,
} from './state';

const storage = proxyActivities<ReturnType<typeof createTrainingCohortActivities> & ReturnType<typeof createBaseStandingActivities>>(storageActivityOptions);

const DEFAULT_HISTORY_LIMIT = 4000;

/**
 * Events a run may still add once it decides to continue as new: the step in flight (its activity's
 * result, a workflow task, the Update's completion) and the continue-as-new itself, with room to spare.
 * Runs started before this reserve (no marker in their history) keep deciding at the limit itself.
 */
const HISTORY_RESERVE = 16;
const HISTORY_RESERVE_PATCH = 'training-cohort-history-reserve';

export async function trainingCohort(input: TrainingCohortInput): Promise<CohortView> {
  const { workflowId } = workflowInfo();
  // A later run carries the state of the one before (continue-as-new); its type is this file's.
  let state: CohortState = input.carried ? (input.carried as CohortState) : initialState(input, new Date());
  const launch = new LaunchRecord(Boolean(input.carried));
  let tail: Promise<unknown> = Promise.resolve();
  let writing = 0;

  /** One step's writes, one activity, in the order the steps happened. */
  function record(
    step: string,
    actor: string,
    data: Record<string, unknown>,
    changed: string[] = [],
    ledger: AuditEntryInput[] = [],
    trainingRecords: TrainingRecordWrite[] = [],
  ): Promise<void> {
    const entry: AuditEntryInput = {
      subjectType: 'training_cohort',
      subjectId: state.offering.cohortId,
      entryKey: `${workflowId}/${state.revision}/${step}`,
      step,
      actor,
      occurredAt: new Date().toISOString(),
      data: { status: state.status, ...data },
    };
    const write = {
      entry,
      projection: projectionOf(state, workflowId),
      enrolments: changed.map((id) => enrolmentView(state.enrolments[id]!)),
      ledger,
      trainingRecords,
    };
    writing++;
    const run = tail.then(() => storage.recordCohortStep(write));
    const done = () => {
      writing--;
    };
    run.then(done, done);
    tail = run.catch(() => undefined);
    return run.then(() => undefined);
  }

  setHandler(cohortStatusQuery, () => toView(state), { description: "The cohort's live status: enrolments, waitlist, attendance." });
  setHandler(launchRecordedUpdate, () => launch.recorded(() => toView(state)), {
    description: 'Answers once the cohort is recorded (or refused: the base may not open cohorts); the API launches with this Update-with-Start.',
  });

  setHandler(
    enrolUpdate,
    async (step) => {
      const done = enrol(state, step, new Date());
      state = done.state;
      await record('enrolled', step.actor.userId, { userId: step.userId, source: step.source, enrolment: done.result.status }, [step.userId]);
      return done.result;
    },
    {
      description: 'Enrol a person (themselves, or by their employer or school): enrolled while seats are free, else waitlisted.',
      validator: (step) => refuseIf(checkEnrol(state, step)),
    },
  );

  setHandler(
    withdrawUpdate,
    async (step) => {
      const done = withdraw(state, step, new Date());
      state = done.state;
      const changed = done.result.promotedUserId ? [step.userId, done.result.promotedUserId] : [step.userId];
      await record('withdrawn', step.actor.userId, { userId: step.userId, reason: step.reason, promotedUserId: done.result.promotedUserId }, changed);
      return done.result;
    },
    {
      description: 'Withdraw a person; the first on the waitlist takes the freed seat.',
      validator: (step) => refuseIf(checkWithdraw(state, step)),
    },
  );

  setHandler(
    attendanceUpdate,
    async (step) => {
      const done = recordAttendance(state, step);
      state = done.state;
      const at = new Date().toISOString();
      const ledger = attendanceEntries(workflowId, state, step.session, done.credits, step.actor.userId, at);
      const changed = step.records.map((r) => r.userId);
      await record(
        'attendance_recorded',
        step.actor.userId,
        { session: step.session, recorded: done.result.recorded, unchanged: done.result.unchanged, hoursCredited: done.result.hoursCredited },
        changed,
        ledger,
      );
      return done.result;
    },
    { description: "A session's attendance is recorded.", validator: (step) => refuseIf(checkAttendance(state, step)) },
  );

  setHandler(
    correctionUpdate,
    async (step) => {
      const done = correct(state, step);
      state = done.state;
      const entry = compensationEntry(
        workflowId,
        state,
        { number: done.result.correction, session: step.session, userId: step.userId, previous: done.previous, delta: done.result.delta, reason: step.reason },
        step.actor.userId,
        new Date().toISOString(),
      );
      await record(
        'attendance_corrected',
        step.actor.userId,
        { session: step.session, userId: step.userId, from: done.previous, to: step.hours, reason: step.reason, correction: done.result.correction },
        [step.userId],
        [entry],
      );
      return done.result;
    },
    {
      description: 'Correct a recorded attendance, with a reason: the ledger gets a compensating entry for the difference.',
      validator: (step) => refuseIf(checkCorrection(state, step)),
    },
  );

  setHandler(
    assessmentUpdate,
    async (step) => {
      const now = new Date();
      const before = state;
      const done = assess(state, step, now);
      state = done.state;
      const records: TrainingRecordWrite[] = done.outcomes.map((o) => ({
        ...o,
        decidedAt: now.toISOString(),
        credential: o.status === 'completed' && state.offering.completion.issueCredentials,
      }));
      // A close also decides the waitlisted: their rows change with it.
      const changed = Object.keys(state.enrolments).filter((id) => state.enrolments[id] !== before.enrolments[id]);
      await record(
        'assessed',
        step.actor.userId,
        { outcomes: done.outcomes.map((o) => ({ userId: o.userId, status: o.status, hoursAttended: o.hoursAttended, score: o.score })) },
        changed,
        [],
        records,
      );
      return done.result;
    },
    {
      description: 'Assessment results in bulk: each decides completion (attendance threshold and pass mark) or incomplete.',
      validator: (step) => refuseIf(checkAssessments(state, step)),
    },
  );

  // ---- The launch: only a base in standing opens a cohort (core/continuing-education/base-standing.ts).
  if (!input.carried) {
    const opening = mayOpenCohorts(await storage.readBaseStanding(state.offering.baseOrganizationId), new Date().toISOString());
    if (!opening.allowed) {
      state = refuseLaunch(state, opening.message, new Date());
      await launch.track(record('refused', input.publishedBy, { reason: opening.reason, message: opening.message }));
      return toView(state);
    }
    await launch.track(
      record('published', input.publishedBy, {
        title: state.offering.title,
        project: state.offering.project,
        domain: state.offering.domain,
        capacity: state.offering.capacity,
        sessions: state.offering.sessions.length,
      }),
    );
  }

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  // Decided once per run, after its launch: a run that began without the reserve replays without it.
  const reserve = patched(HISTORY_RESERVE_PATCH) ? HISTORY_RESERVE : 0;
  const historyFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength + reserve > historyLimit;
  while (state.status === 'open') {
    await condition(() => state.status !== 'open' || historyFull());
    if (state.status === 'open') {
      // Every accepted step handled and written first; the next run starts from the state they left.
      await settle();
      if (state.status === 'open') await continueAsNew<typeof trainingCohort>({ ...input, carried: state });
    }
  }
  await settle();
  return toView(state);

  async function settle(): Promise<void> {
    do {
      await condition(allHandlersFinished);
      await tail;
    } while (!allHandlersFinished() || writing > 0);
  }
}

function projectionOf(state: CohortState, workflowId: string): CohortProjection {
  const o = state.offering;
  return {
    cohortId: o.cohortId,
    baseOrganizationId: o.baseOrganizationId,
    title: o.title,
    project: o.project,
    domain: o.domain,
    level: o.level,
    capacity: o.capacity,
    plannedTheoryHours: o.plannedHours.theory,
    plannedPracticeHours: o.plannedHours.practice,
    sessions: o.sessions.map((s) => ({ number: s.number, date: s.date, module: s.module, hours: s.hours })),
    status: state.status,
    refusal: state.refusal,
    counts: counts(state),
    publishedBy: state.publishedBy,
    publishedAt: state.publishedAt,
    closedAt: state.closedAt,
    workflowId,
  };
}
