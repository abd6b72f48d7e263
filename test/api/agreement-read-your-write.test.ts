// Read your own write (README): a step answers once the workflow has accepted it, before its audit entry
// and projection rows are written; a read right after the answer (the agreement, the list, the audit
// trail) still shows the step, because the list and the audit endpoint wait for the workflow's trail
// position. Several agreements, each read the instant its step answers.
import { startTestSystem, type TestSystem } from '../support/test-system';
import { type AllianceFixture, allianceFixture, launch, launchBody, type OrganizationParty, organizationParty, read, sha256, step } from './agreement-fixtures';

let system: TestSystem;
let alliance: AllianceFixture;
let school: OrganizationParty;
let enterprise: OrganizationParty;

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system, 'Read-your-write alliance');
  school = await organizationParty(system, 'secondary_vocational_school', 'Vocational School No. 9');
  enterprise = await organizationParty(system, 'enterprise', 'Robot Welding Ltd');
});
afterAll(async () => {
  await system?.stop();
});

const TEXT = 'The school and the enterprise train welding robot operators together.';

interface ListItem {
  id: string;
  status: string;
  pendingParties: { partyId: string }[];
}

/** The agreement as the list shows it to the secretariat, read at once. */
async function listed(id: string): Promise<ListItem | undefined> {
  const list = await read(system, alliance.secretariat, `/v1/agreements?allianceId=${alliance.allianceId}&limit=200`);
  expect(list.status).toBe(200);
  return (list.body.items as ListItem[]).find((item) => item.id === id);
}

/** The steps of the agreement's audit trail, read at once. */
async function audited(id: string): Promise<string[]> {
  const audit = await read(system, alliance.secretariat, `/v1/agreements/${id}/audit`);
  expect(audit.status).toBe(200);
  expect(audit.body.verification.valid).toBe(true);
  return (audit.body.entries as { step: string; data: { partyId?: string } }[]).map((e) => `${e.step}${e.data.partyId ? ` ${e.data.partyId}` : ''}`);
}

test('a sign and a decline show in the agreement, the list and the audit trail the instant they answer', async () => {
  for (let round = 0; round < 4; round++) {
    const { id } = await launch(
      system,
      alliance,
      launchBody(
        alliance,
        [
          { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
          { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 1, organizationId: enterprise.organizationId },
        ],
        { title: `Welding robot operators ${round}`, document: { text: TEXT } },
      ),
    );

    const signed = await step(system, school.signatory, id, 'sign', { partyId: 'school', documentSha256: sha256(TEXT) });
    expect(signed.status).toBe(200);
    const [view, afterSign, trailAfterSign] = await Promise.all([read(system, school.signatory, `/v1/agreements/${id}`), listed(id), audited(id)]);
    expect(view.body.parties.find((p: { partyId: string }) => p.partyId === 'school')).toMatchObject({ state: 'signed' });
    expect(afterSign).toMatchObject({ status: 'in_progress', pendingParties: [{ partyId: 'enterprise' }] });
    expect(trailAfterSign).toEqual(['launched', 'signed school']);

    const declined = await step(system, enterprise.signatory, id, 'decline', { partyId: 'enterprise', reason: 'Our board has not approved it.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined' });
    const [afterDecline, trailAfterDecline] = await Promise.all([listed(id), audited(id)]);
    expect(afterDecline).toMatchObject({ status: 'declined', pendingParties: [] });
    expect(trailAfterDecline).toEqual(['launched', 'signed school', 'declined enterprise']);
  }
});
