// Journey 2, the signatory: "waiting for me" across agreements, the document with its hash, sign,
// decline with a reason, delegate to a colleague; what may not be done is not offered and is explained
// in words (not your turn yet; the agreement has ended).
import { callAs, checkPage, choose, expect, launchAgreement, person, signIn, signOut, test } from './support/fixtures';

test('signatory: waiting for me → sign; the next group declines with a reason; delegate; refusals in words', async ({ page }) => {
  // A long journey of many steps: three times the configured timeout (a loaded machine; nothing is timed).
  test.slow();
  const stamp = Date.now();
  const sequential = await launchAgreement(`实训基地共建协议 ${stamp}`, [
    { slug: 'school-1', group: 1 },
    { slug: 'enterprise-1', group: 2 },
  ]);
  const delegated = await launchAgreement(`师资互聘协议 ${stamp}`, [{ slug: 'school-1', group: 1 }]);

  // The enterprise signs second: its party waits, and the page says why instead of offering a button.
  await signIn(page, 'signatory-enterprise');
  await page.goto(`/agreements/${sequential.id}`);
  await expect(page.getByTestId('not-your-turn')).toContainText('还没有轮到这一方');
  await expect(page.getByRole('button', { name: '签署', exact: true })).toHaveCount(0);
  await signOut(page);

  // The school's signatory: both agreements wait for them.
  await signIn(page, 'signatory-school');
  await page.getByRole('navigation').getByRole('link', { name: '待我处理' }).click();
  await expect(page.getByTestId('waiting-item').filter({ hasText: `实训基地共建协议 ${stamp}` })).toBeVisible();
  await expect(page.getByTestId('waiting-item').filter({ hasText: `师资互聘协议 ${stamp}` })).toBeVisible();
  await checkPage(page, 'waiting-for-me');
  await page.getByRole('link', { name: `实训基地共建协议 ${stamp}` }).click();
  await expect(page.getByTestId('document-hash')).toContainText(sequential.documentSha256);
  await expect(page.getByText('第一条 双方共建实训基地。')).toBeVisible();
  await checkPage(page, 'agreement-signatory');
  await page.getByRole('button', { name: '签署', exact: true }).click();
  await expect(page.getByTestId('party-school-1')).toContainText('已签署');
  await expect(page.getByRole('button', { name: '签署', exact: true })).toHaveCount(0);

  // Delegate the other one to a colleague of the school, who alone acts for it from then on.
  await page.goto(`/agreements/${delegated.id}`);
  await page.getByRole('button', { name: '委托同事' }).click();
  await choose(page, 'toUserId', '张老师');
  await checkPage(page, 'agreement-delegate');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('party-school-1')).toContainText('已委托给 张老师');
  await expect(page.getByRole('button', { name: '签署', exact: true })).toHaveCount(0);
  await signOut(page);

  // The enterprise's turn now: it declines with a reason, and the agreement ends.
  await signIn(page, 'signatory-enterprise');
  await page.getByRole('navigation').getByRole('link', { name: '待我处理' }).click();
  await page.getByRole('link', { name: `实训基地共建协议 ${stamp}` }).click();
  await page.getByRole('button', { name: '拒签' }).click();
  await page.locator('#reason').fill('第三条的实习补贴标准需要重新商定。');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByText('已拒签').first()).toBeVisible();
  await expect(page.getByText('第三条的实习补贴标准需要重新商定。')).toBeVisible();
  await expect(page.getByTestId('closed')).toContainText('这份协议已经结束');
  await checkPage(page, 'agreement-declined');

  // A step the page still offered, refused by the workflow because the agreement ended meanwhile: in words.
  const race = await launchAgreement(`联合培养协议 ${stamp}`, [
    { slug: 'school-1', group: 1 },
    { slug: 'enterprise-1', group: 1 },
  ]);
  await page.goto(`/agreements/${race.id}`);
  await expect(page.getByRole('button', { name: '签署', exact: true })).toBeVisible();
  expect((await callAs('signatory-school', 'POST', `/v1/agreements/${race.id}/decline`, { partyId: 'school-1', reason: '校方另有安排' })).status).toBe(200);
  // Either the click reaches the workflow (409 agreement-closed, shown as a refusal) or the page has
  // refreshed first and says the same: both in words.
  await page
    .getByRole('button', { name: '签署', exact: true })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page.getByText('这份协议已经结束（已生效、被拒签、作废或过期），不能再操作。').first()).toBeVisible();
  expect(person('signatory-enterprise').roles).toContain('signatory');
});
