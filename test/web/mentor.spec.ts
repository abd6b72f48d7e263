// Journey 5, the mentors (双导师): the enterprise mentor finds the placements they mentor, reads the
// weekly logs and writes the mid-term evaluation once its week is over; the school mentor sees the same
// placement with that evaluation and writes their own.
import { callAs, callWith, checkPage, expect, signIn, signOut, test, until } from './support/fixtures';
import { activePlacement, placementPolicy, publishPosition, register } from './support/journey-setup';

test('mentors: their placements → weekly logs → mid-term evaluations by both', async ({ page }) => {
  // A long journey of many steps: three times the configured timeout (a loaded machine; nothing is timed).
  test.slow();
  const stamp = Date.now().toString(36);
  const cohort = `2027春-${stamp}`;
  const [position, student] = await Promise.all([publishPosition(`机器人运维实习 ${stamp}`), register('school-1', `周小燕 ${stamp}`, ['student'])]);
  // PT12S weeks (no grace: a week is over when its period is): the mid-term evaluation opens after week 1.
  const placement = await activePlacement(student, cohort, position, placementPolicy('PT12S', 'PT0S', 20));
  const log = await callWith(student.token, 'POST', `/v1/placements/${placement}/check-ins`, {
    week: 1,
    days: [0, 1, 2, 3, 4].map((i) => ({ date: new Date(Date.now() + 8 * 3600_000 + i * 86_400_000).toISOString().slice(0, 10), hours: 7 })),
    tasks: '机器人日常点检与保养记录。',
    reflections: '学会了查看伺服报警代码。',
  });
  expect(log.status).toBe(200);

  await signIn(page, 'mentor-enterprise');
  await page.getByRole('navigation').getByRole('link', { name: '实习', exact: true }).click();
  await page.locator('#cohort').fill(cohort);
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByTestId('placements-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await page.getByTestId('placements-table').locator('tbody a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`机器人运维实习 ${stamp}`);
  await expect(page.getByTestId('check-ins').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('check-ins')).toContainText('35');
  await checkPage(page, 'placement-mentor');

  // Week 1 over (the workflow's clock): the mid-term evaluation.
  await until(
    () => callAs('mentor-enterprise', 'GET', `/v1/placements/${placement}`),
    (r) => (r.body.weeksElapsed ?? 0) >= 1,
    'week 1 over',
  );
  await page.locator('#evaluation_score').fill('88');
  await page.locator('#evaluation_comments').fill('操作规范，点检记录完整。');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('evaluation')).toContainText('企业导师');
  await expect(page.getByTestId('evaluation')).toContainText('88 分');
  await signOut(page);

  // The school mentor: the same placement, the enterprise's evaluation, and their own.
  await signIn(page, 'mentor-school');
  await page.goto(`/placements/${placement}`);
  await expect(page.getByTestId('evaluation')).toContainText('操作规范，点检记录完整。');
  await page.locator('#evaluation_score').fill('85');
  await page.locator('#evaluation_comments').fill('按时提交周志，反思深入。');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('evaluation')).toHaveCount(2);
  await expect(page.getByTestId('evaluation').filter({ hasText: '学校导师' })).toContainText('85 分');
  await checkPage(page, 'placement-evaluations');
});
