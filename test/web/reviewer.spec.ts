// Journey 6, the reviewer: the task inbox (assigned and claimable, due dates, overdue highlighted), a
// task's application with its evidence and exam results, claim and unclaim, the decision form; a
// four-eyes refusal shown in words when the page still offered a seat the reviewer may no longer take,
// and a task the reviewer has a conflict of interest with kept out of the inbox (and refused if claimed anyway).
import { callAs, checkPage, expect, person, signIn, test, until } from './support/fixtures';
import { applicationStatus, applyForCertification, claimAndDecide, createProgramme, examResults, openTask, register } from './support/journey-setup';

test('reviewer: inbox with overdue tasks → evidence and exam → claim, unclaim, decide; four-eyes and conflict of interest', async ({ page }) => {
  // A long journey of many steps: three times the configured timeout (a loaded machine; nothing is timed).
  test.slow();
  const stamp = Date.now().toString(36);
  const walker = person('reviewer');
  const programme = await createProgramme();
  const [colleague, other] = await Promise.all([1, 2].map((i) => register('institute-1', `评审专家${i} ${stamp}`, ['reviewer'])));
  const [formal, panel, conflicted] = await Promise.all([
    applyForCertification(programme),
    applyForCertification(programme, { domain: 'big-data' }),
    applyForCertification(programme, { conflictsOfInterest: [walker.id] }),
  ]);
  await Promise.all([examResults(formal), examResults(panel), examResults(conflicted)]);
  // The panel application past its formal review (by a colleague): two panel seats open.
  await claimAndDecide(colleague!.token, (await openTask(colleague!.token, panel, 'formal')).id, { decision: 'approve' });
  await applicationStatus(panel, 'panel_review');
  const conflictedTask = await openTask(other!.token, conflicted, 'formal');

  await signIn(page, 'reviewer');
  // The reviewer looks two hours on, by the browser's clock: the tasks (due in PT1H) are overdue. (In the
  // system a task's due date passing hands it to the next reviewer at once, so overdue lasts an instant.)
  await page.clock.setFixedTime(Date.now() + 2 * 3600_000);
  await page.getByRole('navigation').getByRole('link', { name: '审核任务' }).click();
  const formalRow = page.getByTestId(`task-${formal}-formal-1`);
  await expect(formalRow).toBeVisible();
  await expect(page.getByTestId(`task-${panel}-panel-1`)).toBeVisible();
  await expect(page.getByTestId(`task-${panel}-panel-2`)).toBeVisible();
  // Conflict of interest (the candidate named this reviewer): never in the inbox.
  await expect(page.getByTestId(`task-${conflicted}-formal-1`)).toHaveCount(0);
  await expect(formalRow).toContainText('已逾期');
  await expect(formalRow).toHaveClass(/row-overdue/);
  await checkPage(page, 'reviews-inbox');
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Review tasks' })).toBeVisible();
  await checkPage(page, 'reviews-inbox', 'en');
  await page.getByText('中文', { exact: true }).click();

  // The formal review: evidence and exam results, claim, give back, claim again, decide.
  await formalRow.getByRole('button', { name: '查看' }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer).toContainText('培训记录');
  await expect(drawer).toContainText('理论 82 分，实操 77 分');
  await drawer.getByRole('button', { name: '认领' }).click();
  await expect(drawer.getByRole('button', { name: '放弃认领' })).toBeVisible();
  await expect(formalRow).toContainText('我的任务');
  await drawer.getByRole('button', { name: '放弃认领' }).click();
  await expect(drawer.getByRole('button', { name: '认领' })).toBeVisible();
  await drawer.getByRole('button', { name: '认领' }).click();
  await drawer.getByText('要求修改').click();
  await drawer.locator('#text').fill('请补充项目实操视频链接');
  await checkPage(page, 'review-decision');
  await drawer.getByRole('button', { name: '提交决定' }).click();
  await expect(formalRow).toHaveCount(0);
  await applicationStatus(formal, 'changes_requested');
  await page.keyboard.press('Escape');
  await page.getByText('已决定', { exact: true }).click();
  await expect(page.getByTestId(`task-${formal}-formal-1`)).toBeVisible();
  await page.getByText('全部', { exact: true }).click();

  // Four-eyes: the page shows seat 2 claimable; meanwhile this reviewer takes seat 1 (another tab, here the API).
  await page.getByTestId(`task-${panel}-panel-2`).getByRole('button', { name: '查看' }).click();
  await expect(drawer.getByRole('button', { name: '认领' })).toBeVisible();
  expect((await callAs('reviewer', 'POST', `/v1/review-tasks/${(await openTask(walker.token, panel, 'panel', 1)).id}/claim`)).status).toBe(200);
  await drawer.getByRole('button', { name: '认领' }).click();
  await expect(drawer.getByTestId('refusal')).toContainText('四眼原则：同一份申请的审核中，一个人只能担任一个席位。');
  await checkPage(page, 'review-four-eyes');

  // And the conflicted task, claimed anyway by its id: the workflow refuses it as a conflict of interest.
  const refused = await callAs('reviewer', 'POST', `/v1/review-tasks/${conflictedTask.id}/claim`);
  expect(refused.status).toBe(403);
  expect(refused.body.type).toMatch(/conflict-of-interest$/);
  await until(
    () => callAs('reviewer', 'GET', `/v1/review-tasks?applicationId=${conflicted}`),
    (r) => r.status === 200 && r.body.items.length === 0,
    'no conflicted task in the inbox',
  );
});
