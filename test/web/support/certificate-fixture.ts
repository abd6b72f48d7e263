// A certificate issued the whole way through (for the public verification journey): a programme with
// test-scale durations, an application, exam results, the formal review and the panel's quorum, the
// public notice, the certificate. The certification tests' own helpers do each step over HTTP.
import type { TestSystem } from '../../support/test-system';
import { apply, claimAndDecide, createCast, createProgramme, examResults, openTask, waitForStatus } from '../../api/certification-helpers';

export interface IssuedCertificate {
  number: string;
  /** The programme's secretariat, who may revoke it (a bearer token). */
  secretariatToken: string;
}

export async function issueCertificate(system: TestSystem): Promise<IssuedCertificate> {
  const cast = await createCast(system, 4);
  const programmeId = await createProgramme(system, cast);
  const id = await apply(system, cast, programmeId);
  await waitForStatus(system, id, 'awaiting_exam', 120_000);
  const exam = await examResults(system, cast, id);
  if (exam.status !== 200) throw new Error(`exam results refused: ${exam.status}`);
  const [formal, panel1, panel2] = cast.reviewers;
  await claimAndDecide(system, formal!, (await openTask(system, id, 'formal')).id, { decision: 'approve' });
  await waitForStatus(system, id, 'panel_review', 120_000);
  await claimAndDecide(system, panel1!, (await openTask(system, id, 'panel', 1)).id, { decision: 'approve' });
  await claimAndDecide(system, panel2!, (await openTask(system, id, 'panel', 2)).id, { decision: 'approve' });
  const issued = await waitForStatus(system, id, 'issued', 120_000);
  return { number: issued.certificate!.number, secretariatToken: cast.secretariat.token };
}
