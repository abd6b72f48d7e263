// Journey 3, the school coordinator: the placements dashboard (counts by status, overdue check-ins, open
// incidents, rule violations from the summary endpoint), the filterable paged table, a placement's page
// (weekly logs, incidents, evaluations, the tripartite agreement's progress), the positions, applying for
// a student, a matching round previewed as a dry run and then committed, a direct offer for the student
// the round left out, and ending one placement early and transferring another.
import { callAs, callWith, checkPage, choose, expect, signIn, test, until } from './support/fixtures';
import { activePlacement, placementPolicy, placementStatus, publishPosition, register, signTripartite } from './support/journey-setup';

test('coordinator: dashboard → placement → positions, application, round preview then commit, direct offer; terminate and transfer', async ({ page }) => {
  // A long journey of many steps: three times the configured timeout (a loaded machine; nothing is timed).
  test.slow();
  const stamp = Date.now().toString(36);
  const cohort = `2027春-${stamp}`;
  const [, wide, , a, b, c] = await Promise.all([
    publishPosition(`数控加工助理 ${stamp}`, 1),
    publishPosition(`质量检测员 ${stamp}`, 5),
    publishPosition(`仓储物流助理 ${stamp}`, 5),
    register('school-1', `王小明 ${stamp}`, ['student']),
    register('school-1', `陈小红 ${stamp}`, ['student']),
    register('school-1', `刘小军 ${stamp}`, ['student']),
  ]);
  // One active placement whose weeks pass unlogged (PT3S weeks, no grace): overdue at once; an incident on it.
  const overdue = await activePlacement(c, `${cohort}-a`, wide, placementPolicy('PT3S', 'PT0S', 40));
  expect(
    (await callWith(c.token, 'POST', `/v1/placements/${overdue}/incidents`, { severity: 'high', description: '车间叉车擦碰，学生手臂轻微擦伤。' })).status,
  ).toBe(200);

  await signIn(page, 'school-coordinator');
  await page.getByRole('navigation').getByRole('link', { name: '实习', exact: true }).click();
  await expect(page.getByRole('heading', { name: '实习看板' })).toBeVisible();
  await expect(page.getByTestId('summary-overdue')).toHaveAttribute('data-value', /^[1-9]/);
  await expect(page.getByTestId('summary-incidents')).toHaveAttribute('data-value', /^[1-9]/);
  await expect(page.getByTestId('by-status-active')).toBeVisible();
  await checkPage(page, 'placements-dashboard');

  // The table, filtered by cohort: the one placement; its page has the logs, incidents and the agreement.
  await page.locator('#cohort').fill(`${cohort}-a`);
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByTestId('placements-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await page.getByRole('link', { name: c.name }).click();
  await expect(page.getByTestId('placement-status')).toContainText('实习中');
  await expect(page.getByTestId('tripartite-agreement')).toContainText('已生效');
  await expect(page.getByTestId('incident')).toContainText('车间叉车擦碰');
  await expect(page.getByTestId('missed-weeks')).toBeVisible();
  await checkPage(page, 'placement-coordinator');
  // The incident resolved by the school.
  await page.getByTestId('incident').getByRole('button', { name: '处理完毕' }).click();
  await page.locator('#step_resolution').fill('已送医检查，无大碍；车间加装防撞护栏。');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('incident')).toContainText('已处理');
  // Ended early, with a reason.
  await page.getByRole('button', { name: '终止实习' }).click();
  await page.locator('#step_reason').fill('学生连续缺交周志，经三方协商提前结束。');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('placement-status')).toContainText('已终止');

  // Planning: positions, an application for a student (eligibility shown), the round's preview, then the round.
  await page.getByRole('navigation').getByRole('link', { name: '实习安排' }).click();
  await expect(page.getByTestId('positions')).toContainText(`数控加工助理 ${stamp}`);
  for (const student of [a, b]) {
    await choose(page, 'apply_studentUserId', student.name);
    await page.locator('#apply_cohort').fill(cohort);
    await choose(page, 'apply_schoolMentorUserId', '孙老师');
    await choose(page, 'apply_preferences', `数控加工助理 ${stamp}`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect(page.getByTestId('application').filter({ hasText: student.name })).toContainText('符合条件');
  }
  await page.locator('#round_cohort').fill(cohort);
  await page.getByRole('button', { name: '预览（试运行）' }).click();
  // One seat for two: one matched, one not; nothing offered yet.
  await expect(page.getByTestId('round-preview')).toContainText('2 名申请人中匹配 1 人，未匹配 1 人');
  await checkPage(page, 'matching-preview');
  await page.getByRole('button', { name: '确认并发出录用' }).click();
  await expect(page.getByTestId('round-committed')).toContainText('匹配 1 人，未匹配 1 人，录用已发出');
  const committedRow = page.getByTestId('round-committed').locator('tbody tr.ant-table-row').filter({ hasText: '数控加工助理' });
  const matchedName = (await committedRow.locator('td').first().textContent())!;
  const left = matchedName === a.name ? b : a;

  // The one left out gets a direct offer for the other position.
  await choose(page, 'offer_applicationId', left.name);
  await choose(page, 'offer_positionId', `质量检测员 ${stamp}`);
  await page.getByRole('button', { name: '发出录用' }).click();
  await expect(page).toHaveURL(/\/placements\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('placement-status')).toContainText('已录用待答复');
  const offered = page.url().split('/').pop()!;

  // Accepted and signed (by the others, over the API): the coordinator transfers it to a third position.
  expect((await callWith(left.token, 'POST', `/v1/placements/${offered}/accept`, {})).status).toBe(200);
  const pending = await placementStatus(offered, 'agreement_pending');
  await signTripartite(pending.agreement.agreementId, left.token);
  await until(
    () => callAs('school-coordinator', 'GET', `/v1/placements/${offered}`),
    (r) => ['awaiting_start', 'active'].includes(r.body.status),
    'the signed placement',
  );
  await page.reload();
  await page.getByRole('button', { name: '转岗' }).click();
  await choose(page, 'step_positionId', `仓储物流助理 ${stamp}`);
  await page.locator('#step_reason').fill('学生希望从事仓储物流方向。');
  await checkPage(page, 'placement-transfer');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('placement-status')).toContainText('已转岗');
  await page.getByRole('link', { name: '转岗后的新实习' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`仓储物流助理 ${stamp}`);
});
