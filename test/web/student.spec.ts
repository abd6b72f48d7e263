// Journey 4, the student and the candidate on a phone (390 px wide; every page fits the screen): the
// student declines one offer and accepts another, signs the tripartite agreement, writes the weekly log
// and reports an incident; the candidate applies for certification, follows the stage tracker,
// resubmits after the reviewers ask for changes, appeals the rejection, and finds their certificate.
import { callAs, checkPage, choose, expect, fitsWidth, person, signIn, signOut, test } from './support/fixtures';
import {
  applicationStatus,
  applyFor,
  applyForCertification,
  claimAndDecide,
  createProgramme,
  examResults,
  offer,
  openTask,
  placementPolicy,
  placementStatus,
  publishPosition,
  register,
  signTripartite,
} from './support/journey-setup';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
// Long journeys of many steps: three times the configured timeout (a loaded machine; nothing is timed).
test.slow();

test('student on a phone: decline an offer, accept another, sign, weekly log, incident', async ({ page }) => {
  const stamp = Date.now().toString(36);
  const student = person('student');
  const position = await publishPosition(`电气装配实习 ${stamp}`);
  const first = await offer(await applyFor(student.id, `2027春-${stamp}-1`, [position]), position, placementPolicy('PT1H'));
  await placementStatus(first.id, 'offered');

  await signIn(page, 'student');
  await fitsWidth(page);
  await checkPage(page, 'home-student');
  await page.getByRole('main').getByRole('link', { name: '实习', exact: true }).click();
  await expect(page.getByRole('heading', { name: '我的实习' })).toBeVisible();
  await fitsWidth(page);
  await checkPage(page, 'student-placements');
  await page.goto(`/placements/${first.id}`);
  await expect(page.getByTestId('placement-status')).toContainText('已录用待答复');
  await fitsWidth(page);
  await checkPage(page, 'student-offer');
  await page.getByRole('button', { name: '拒绝录用' }).click();
  await page.locator('#step_reason').fill('已决定升学，不参加本批次实习。');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('placement-status')).toContainText('学生已拒绝');

  // A second offer, accepted; the student signs the tripartite agreement on its page.
  const second = await offer(await applyFor(student.id, `2027春-${stamp}-2`, [position]), position, placementPolicy('PT1H'));
  await placementStatus(second.id, 'offered');
  await page.goto(`/placements/${second.id}`);
  await page.getByRole('button', { name: '接受录用' }).click();
  await expect(page.getByTestId('placement-status')).toContainText('三方协议签署中');
  const pending = await placementStatus(second.id, 'agreement_pending');
  await signTripartite(pending.agreement.agreementId);
  await page.getByTestId('tripartite-agreement').getByRole('link', { name: '查看协议' }).click();
  await fitsWidth(page);
  await page.getByRole('button', { name: '签署', exact: true }).click();
  await expect(page.getByTestId('party-student')).toContainText('已签署');
  await placementStatus(second.id, 'active');

  // The weekly log and an incident, on the phone.
  await page.goto(`/placements/${second.id}`);
  await expect(page.getByTestId('placement-status')).toContainText('实习中');
  await page.locator('#log_tasks').fill('学习配电柜接线，完成 3 台设备的装配。');
  await page.locator('#log_reflections').fill('接线前要先核对图纸，安全第一。');
  await fitsWidth(page);
  await checkPage(page, 'student-weekly-log');
  await page.getByRole('button', { name: '提交周志' }).click();
  await expect(page.getByTestId('check-ins').locator('tbody tr.ant-table-row').filter({ hasText: '40' })).toHaveCount(1);
  await page.locator('#incident_description').fill('夜班被要求加班到 23 点。');
  await page.getByRole('button', { name: '报告', exact: true }).click();
  await expect(page.getByTestId('incident')).toContainText('夜班被要求加班到 23 点。');
  await fitsWidth(page);
  await checkPage(page, 'student-placement');
  await signOut(page);
});

test('candidate on a phone: apply, stage tracker, resubmit after changes, appeal after rejection, my certificates', async ({ page }) => {
  const stamp = Date.now().toString(36);
  const programme = await createProgramme();
  const reviewers = await Promise.all([1, 2, 3].map((i) => register('institute-1', `评审专家${i} ${stamp}`, ['reviewer'])));
  // A certificate issued already (the whole review over the API), for "my certificates".
  const earlier = await applyForCertification(programme, { domain: 'big-data' });
  await examResults(earlier);
  await claimAndDecide(reviewers[0]!.token, (await openTask(reviewers[0]!.token, earlier, 'formal')).id, { decision: 'approve' });
  await claimAndDecide(reviewers[1]!.token, (await openTask(reviewers[1]!.token, earlier, 'panel', 1)).id, { decision: 'approve' });
  await claimAndDecide(reviewers[2]!.token, (await openTask(reviewers[2]!.token, earlier, 'panel', 2)).id, { decision: 'approve' });
  const issued = await applicationStatus(earlier, 'issued');

  await signIn(page, 'candidate');
  // The phone's menu (one button), then my certification.
  await page.getByTestId('menu-button').click();
  await page.getByRole('menuitem', { name: '我的认证' }).click();
  await expect(page.getByTestId('certificate').filter({ hasText: issued.certificate.number })).toBeVisible();
  await fitsWidth(page);
  await checkPage(page, 'candidate-certification');

  // Apply on the phone.
  await choose(page, 'certify_programmeId', `数字技术工程师 ${programme}`);
  await choose(page, 'certify_domain', 'artificial-intelligence');
  await choose(page, 'certify_level', '初级');
  await page.locator('#certify_evidenceName').fill('人工智能训练师培训结业证书');
  await page.locator('#certify_evidenceReference').fill('https://training.example.com/certificates/ai-2026-118');
  await page.locator('#certify_evidenceSha256').fill('b'.repeat(64));
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page).toHaveURL(/\/certification\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('application-status')).toContainText('等待考试成绩');
  await fitsWidth(page);
  await checkPage(page, 'candidate-application');

  // The exam, then the formal reviewer asks for changes: the candidate resubmits.
  await examResults(id);
  await claimAndDecide(reviewers[0]!.token, (await openTask(reviewers[0]!.token, id, 'formal')).id, {
    decision: 'request_changes',
    points: ['请补充培训学时证明的盖章页'],
  });
  await expect(page.getByTestId('change-points')).toContainText('请补充培训学时证明的盖章页');
  await page.locator('#resubmit_note').fill('已补充盖章页扫描件。');
  await fitsWidth(page);
  await checkPage(page, 'candidate-changes-requested');
  await page.getByRole('button', { name: '重新提交' }).click();
  await expect(page.getByTestId('application-status')).toContainText('形式审查中');

  // Rejected at the formal review: the candidate appeals within the window.
  await claimAndDecide(reviewers[0]!.token, (await openTask(reviewers[0]!.token, id, 'formal')).id, { decision: 'reject', reason: '实操项目与申报领域不符' });
  await expect(page.getByTestId('rejection-reasons')).toContainText('实操项目与申报领域不符');
  await page.locator('#appeal_reason').fill('实操项目为图像识别模型训练，属于人工智能领域。');
  await fitsWidth(page);
  await checkPage(page, 'candidate-rejected');
  await page.getByRole('button', { name: '提出申诉' }).click();
  await expect(page.getByTestId('application-status')).toContainText('申诉复核中');
  expect((await callAs('candidate', 'GET', `/v1/certification-applications/${id}`)).body.appeal.reason).toBe('实操项目为图像识别模型训练，属于人工智能领域。');
});
