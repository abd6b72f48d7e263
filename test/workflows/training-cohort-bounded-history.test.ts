// The TrainingCohort keeps its history bounded: before its history limit it continues as new, carrying its
// state, and the steps sent meanwhile are answered by the next run. It decides with a reserve of 16 events
// for the step in flight and the continue-as-new itself, so a run whose steps come one at a time ends
// within the limit (steps accepted concurrently while a run drains each add about ten events beyond it).
// Here the limit is 60 events so a few dozen steps cross several runs; production's 4000 holds about 500 steps (8 events each: the Update's
// two, a workflow task's three, the step's one activity's three), and a batch of attendance is one step
// however many people it names, so 300 people × 50 sessions (300 enrolments, 50 batches, 300 results in
// one or a few batches) stays within a handful of runs.
import { randomUUID } from 'node:crypto';
import { TRAINING_COHORT_WORKFLOW, trainingCohortWorkflowId, type TrainingCohortInput } from '../../core/training-cohort/input';
import { assessmentUpdate, attendanceUpdate, enrolUpdate, type CohortView } from '../../core/training-cohort/messages';
import type { trainingCohort } from '../../workflows/training-cohort/workflow';
import { createCohortParties, createTrainees } from '../api/training-cohort-fixtures';
import { saveAllRuns } from '../api/placement-fixtures';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('a cohort crosses runs (continue-as-new) with its state whole, each run under its history limit', async () => {
  const p = await createCohortParties(system.db);
  const people = await createTrainees(system.db, p.employerId, 12);
  const cohortId = randomUUID();
  const sessions = Array.from({ length: 4 }, (_, i) => ({ number: i + 1, date: `2027-04-0${i + 1}`, module: 'theory' as const, hours: 2 }));
  const input: TrainingCohortInput = {
    offering: {
      cohortId,
      baseOrganizationId: p.baseId,
      title: 'Bounded history cohort',
      project: 'capability_improvement',
      domain: 'industrial_internet',
      level: 'junior',
      plannedHours: { theory: 8, practice: 0 },
      capacity: 10,
      sessions,
      completion: { attendanceThreshold: 0.75, passMark: 60, issueCredentials: false },
    },
    publishedBy: p.staff.id,
    historyLimit: 60,
  };
  const workflowId = trainingCohortWorkflowId(cohortId);
  const handle = await system.client.workflow.start<typeof trainingCohort>(TRAINING_COHORT_WORKFLOW, {
    workflowId,
    taskQueue: system.config.temporal.taskQueue,
    args: [input],
  });
  const actor = { userId: p.staff.id, organizationId: p.baseId, roles: ['school_coordinator'] };
  const update = async <R, A>(definition: { name: string }, arg: A): Promise<R> => {
    // Between two runs the Update may find no run for a moment: retried, as the API's step gateway does.
    for (let attempt = 1; ; attempt++) {
      try {
        return await system.client.workflow.getHandle(workflowId).executeUpdate<R, [A]>(definition.name, { args: [arg] });
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  for (const person of people) {
    await update(enrolUpdate, {
      actor: { userId: person.id, organizationId: p.employerId, roles: ['candidate'] },
      userId: person.id,
      organizationId: p.employerId,
      source: 'self',
    });
  }
  const seated = people.slice(0, 10);
  for (const s of sessions) {
    await update(attendanceUpdate, { actor, session: s.number, records: seated.map((x) => ({ userId: x.id, present: true })) });
  }
  await update(assessmentUpdate, { actor, results: seated.map((x) => ({ userId: x.id, score: 70 })) });
  const view: CohortView = await handle.result();

  const runs: { runId: string; historyLength: number }[] = [];
  for await (const execution of system.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push({ runId: execution.runId, historyLength: execution.historyLength });
  }
  expect(view.status).toBe('closed');
  expect(view.counts).toMatchObject({ completed: 10, notAdmitted: 2 });
  expect(runs.length).toBeGreaterThan(1);
  for (const run of runs) expect(run.historyLength).toBeLessThanOrEqual(60);
  const ledger = await system.db.auditEntry.count({ where: { subjectType: 'hours_ledger', subjectId: { in: seated.map((x) => x.id) } } });
  expect(ledger).toBe(40);
  console.log(
    `bounded history: 12 enrolments, 4 attendance batches, 1 assessment batch over ${runs.length} runs; events per run ${runs.map((r) => r.historyLength).join(', ')} (limit 60); ledger entries 40 (10 × 4 sessions), completed ${view.counts.completed}`,
  );
  // Recorded with the reserve (its patch marker); the runs recorded before it (continue-as-new-past-history-limit-run*) still replay.
  await saveAllRuns(system.client, workflowId, 'continue-as-new-within-history-limit');
});
