// Placement scenarios through the HTTP API: publish a position, apply, offer, accept, sign the
// tripartite agreement (through the agreement routes), check in. Shared by the placement API tests.
import type { Client } from '@temporalio/client';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { placementStatusQuery, type PlacementPolicy, type PlacementStatusView, placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import { eventually } from '../support/eventually';
import { HISTORIES_DIR } from '../support/histories';
import { request } from '../support/http';
import type { TestSystem } from '../support/test-system';
import { compliantPosition, fastPolicy, type PlacementParties } from '../workflows/placement-fixtures';

export { birthDateForAge, createPlacementParties, fastPolicy, todayInBeijing } from '../workflows/placement-fixtures';

export async function publishPosition(system: TestSystem, p: PlacementParties, overrides: Record<string, unknown> = {}): Promise<string> {
  const facts = compliantPosition();
  const res = await request(system.baseUrl, 'POST', '/v1/positions', {
    headers: p.enterpriseSignatory.auth,
    body: {
      enterpriseOrganizationId: p.enterprise.id,
      mentorUserId: p.enterpriseMentor.id,
      title: 'CNC machining assistant',
      majorGroups: facts.majorGroups,
      skills: ['CNC', 'CAD'],
      location: "Shenzhen, Bao'an",
      capacity: 5,
      startDate: facts.startDate,
      endDate: facts.endDate,
      dailyHours: 8,
      weeklyHours: 40,
      nightWork: false,
      stipendMonthly: facts.stipendMonthly,
      regularMonthlyWage: facts.regularMonthlyWage,
      positionStaff: 50,
      enterpriseStaff: 500,
      ...overrides,
    },
  });
  if (res.status !== 201) throw new Error(`publish position: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function apply(system: TestSystem, p: PlacementParties, preferences: string[], extra: Record<string, unknown> = {}) {
  const res = await request(system.baseUrl, 'POST', '/v1/applications', {
    headers: p.student.auth,
    body: { cohort: '2027-spring', yearOfStudy: 2, majorCode: '460104', schoolMentorUserId: p.schoolMentor.id, preferences, ...extra },
  });
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; eligibility: { positionId: string; eligible: boolean; violations: { ruleId: string }[] }[] };
}

export async function offer(
  system: TestSystem,
  p: PlacementParties,
  applicationId: string,
  positionId: string,
  policy: Partial<PlacementPolicy> = fastPolicy(),
  insurance?: Record<string, unknown>,
) {
  return request(system.baseUrl, 'POST', '/v1/placements', {
    headers: p.coordinator.auth,
    body: { applicationId, positionId, policy, ...(insurance ? { insurance } : {}) },
  });
}

export function liveStatus(system: TestSystem, placementId: string): Promise<PlacementStatusView> {
  return system.client.workflow.getHandle(placementWorkflowId(placementId)).query(placementStatusQuery);
}

export async function waitForStatus(system: TestSystem, placementId: string, status: string, timeoutMs = 20_000): Promise<PlacementStatusView> {
  return eventually(
    () => liveStatus(system, placementId).catch(() => null),
    (s) => s?.status === status,
    { timeoutMs, intervalMs: 50 },
  ) as Promise<PlacementStatusView>;
}

/** Signs the tripartite agreement through POST /v1/agreements/:id/sign, party by party. */
export async function signAgreement(
  system: TestSystem,
  p: PlacementParties,
  agreementId: string,
  parties: ('school' | 'enterprise' | 'student' | 'guardian')[],
): Promise<void> {
  const signers = { school: p.schoolSignatory, enterprise: p.enterpriseSignatory, student: p.student, guardian: p.guardian };
  const agreement = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/agreements/${agreementId}`, { headers: p.schoolSignatory.auth }),
    (r) => r.status === 200 && typeof r.body.documentSha256 === 'string',
  );
  for (const partyId of parties) {
    const res = await request(system.baseUrl, 'POST', `/v1/agreements/${agreementId}/sign`, {
      headers: signers[partyId].auth,
      body: { partyId, documentSha256: agreement.body.documentSha256 },
    });
    if (res.status !== 200) throw new Error(`sign ${partyId}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export function step(system: TestSystem, placementId: string, path: string, auth: { authorization: string }, body?: unknown) {
  return request(system.baseUrl, 'POST', `/v1/placements/${placementId}/${path}`, { headers: auth, body: body ?? {} });
}

export function fullWeek(hoursPerDay: number[] = [8, 8, 8, 8, 8]) {
  return hoursPerDay.map((hours, i) => ({ date: `2027-03-0${i + 1}`, hours }));
}

/** An offer made, accepted and signed by everyone needed: the placement is active (insurance at the offer). */
export async function activePlacement(system: TestSystem, p: PlacementParties, options: { policy?: Partial<PlacementPolicy>; positionId?: string } = {}) {
  const positionId = options.positionId ?? (await publishPosition(system, p));
  const application = await apply(system, p, [positionId]);
  const offered = await offer(system, p, application.id, positionId, options.policy ?? fastPolicy('PT1M'), { policyNumber: 'PICC-2027-0001', insurer: 'PICC' });
  if (offered.status !== 201) throw new Error(`offer: ${offered.status} ${JSON.stringify(offered.body)}`);
  const placementId = offered.body.id as string;
  await waitForStatus(system, placementId, 'offered');
  const accepted = await step(system, placementId, 'accept', p.student.auth);
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  await signAgreement(system, p, offered.body.agreementId, ['school', 'enterprise', 'student']);
  await waitForStatus(system, placementId, 'active');
  return { placementId, positionId, applicationId: application.id, agreementId: offered.body.agreementId as string };
}

/**
 * Saves every run of a workflow (continue-as-new makes several) for the replay test, when
 * RECORD_HISTORIES=1: test/histories/<type>/<scenario>-run<n>.json.
 */
export async function saveAllRuns(client: Client, workflowId: string, scenario: string): Promise<number> {
  if (process.env.RECORD_HISTORIES !== '1') return 0;
  const runs: { runId: string; type: string; startTime: Date }[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push({ runId: execution.runId, type: execution.type, startTime: execution.startTime });
  }
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  for (const [i, run] of runs.entries()) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    const dir = path.join(HISTORIES_DIR, run.type);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `${scenario}-run${i + 1}.json`),
      JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) as unknown }, null, 1) + '\n',
    );
  }
  return runs.length;
}
