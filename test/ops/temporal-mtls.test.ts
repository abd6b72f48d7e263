// mTLS to the Temporal frontend (TEMPORAL_TLS_* settings, platform/temporal-connection.ts): in front of
// the test run's dev server, a TLS terminator that demands a client certificate from the test's CA
// (the dev server has no TLS flags of its own). The whole system (the API's client and the worker's
// native connection) goes through it with the right certificate; a client without a certificate, or
// with one another CA signed, is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { connectClient, connectWorker } from '../../platform/temporal-connection';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { allianceFixture, launch, launchBody, organizationParty } from '../api/agreement-fixtures';
import { eventually } from '../support/eventually';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { startTlsTerminator, type TlsTerminator } from '../support/tls-terminator';

let dir: string;
let certificates: TestCertificates;
let terminator: TlsTerminator;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-mtls-'));
  certificates = await makeTestCertificates(dir);
  const [host, port] = loadConfig().temporal.address.split(':');
  terminator = await startTlsTerminator({ ca: certificates.ca, ...certificates.server, target: { host: host!, port: Number(port) } });
});
afterAll(async () => {
  await terminator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The configuration a deployment sets for mTLS, read through the one config module. */
function mtlsEnvironment(cert: string, key: string): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: terminator.address,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.paths.ca,
    TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: key,
    TEMPORAL_TLS_SERVER_NAME: 'localhost',
  };
}

test('with the client certificate, the API client and the worker work through mTLS: an agreement is launched and its workflow runs', async () => {
  const mtls = mtlsEnvironment(certificates.paths.clientCert, certificates.paths.clientKey);
  const saved = Object.fromEntries(Object.keys(mtls).map((name) => [name, process.env[name]]));
  Object.assign(process.env, mtls);
  let system: TestSystem | undefined;
  try {
    system = await startTestSystem();
    expect(system.config.temporal.address).toBe(terminator.address);
    expect(system.config.temporal.tls).toMatchObject({ certPath: certificates.paths.clientCert, caPath: certificates.paths.ca });
    const alliance = await allianceFixture(system, 'mTLS alliance');
    const school = await organizationParty(system, 'secondary_vocational_school', 'mTLS School');
    const launched = await launch(
      system,
      alliance,
      launchBody(alliance, [{ partyId: 'school-1', displayName: 'mTLS School', role: 'signer', routingGroup: 1, organizationId: school.organizationId }], {
        policy: { deadline: 'PT10M' },
      }),
    );
    // The worker (its own native connection through the terminator) ran the workflow's first activity.
    const row = await eventually(
      () => system!.db.agreement.findUnique({ where: { id: launched.id } }),
      (r) => r !== null,
    );
    expect(row!.status).toBe('in_progress');
    const description = await system.client.workflow.getHandle(agreementWorkflowId(launched.id)).describe();
    expect(description.status.name).toBe('RUNNING');
    await system.client.workflow.getHandle(agreementWorkflowId(launched.id)).terminate('mTLS test done');
  } finally {
    await system?.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test('without a client certificate, or with one another CA signed, the frontend cannot be reached', async () => {
  const base = loadConfig();
  const refusedBefore = terminator.refused;
  const withoutCertificate = { ...base.temporal, address: terminator.address, tls: { caPath: certificates.paths.ca, serverName: 'localhost' } };
  await expect(connectClient(withoutCertificate, {}, { callAttempts: 1 })).rejects.toThrow();
  await expect(connectWorker(withoutCertificate)).rejects.toThrow();

  const stranger = loadConfig({ ...process.env, ...mtlsEnvironment(certificates.paths.strangerCert, certificates.paths.strangerKey) });
  await expect(connectClient(stranger.temporal, {}, { callAttempts: 1 })).rejects.toThrow();
  await expect(connectWorker(stranger.temporal)).rejects.toThrow();
  expect(terminator.refused).toBeGreaterThan(refusedBefore);
});
