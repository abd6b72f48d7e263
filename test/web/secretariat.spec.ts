// Journey 1, the secretariat (acceptance 1 of the console): sign in as the seeded secretariat, the
// alliance's home page (members by kind), launch a 3-party agreement from the wizard (typed text, parties
// picked from the members, a party moved to a second routing group, short ISO 8601 durations), then the
// agreement page: routing as steps with each party's state, the audit trail verified; a reminder makes
// the pending parties overdue on the alliance home; the parties sign (by API) and the certificate opens.
import { callAs, checkPage, choose, expect, launchAgreement, signIn, stack, test } from './support/fixtures';

test('secretariat: alliance home → wizard launches a 3-party agreement → agreement page', async ({ page }) => {
  // A long journey of many steps: three times the configured timeout (a loaded machine; nothing is timed).
  test.slow();
  await signIn(page, 'secretariat');
  await checkPage(page, 'home-secretariat');

  await page.getByRole('navigation').getByRole('link', { name: '联盟' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('数字工匠产教融合联盟');
  for (const kind of ['中职', '高校', '政府', '园区', '企业']) await expect(page.locator('.ant-card-head-title', { hasText: kind }).first()).toBeVisible();
  await checkPage(page, 'alliance-home');

  await page.getByRole('main').getByRole('link', { name: '发起协议' }).click();
  await expect(page.getByRole('heading', { name: '发起协议' })).toBeVisible();
  const title = `校企合作备忘录 ${Date.now()}`;
  await page.locator('#title').fill(title);
  await checkPage(page, 'wizard-basics');
  await page.getByRole('button', { name: '下一步' }).click();

  await page.locator('#documentText').fill('第一条 三方共建数字工匠实训基地。\n第二条 各方按期履行本备忘录。');
  await page.getByRole('button', { name: '下一步' }).click();

  await choose(page, 'parties_0_organizationId', '第一中等职业学校');
  await page.getByRole('button', { name: '添加签署方' }).click();
  await choose(page, 'parties_1_organizationId', '精密机械制造');
  await page.getByRole('button', { name: '添加签署方' }).click();
  await choose(page, 'parties_2_organizationId', '城市职业技术学院');
  // The third party signs after the first two: moved to routing group 2 with its "later" button.
  await page.getByRole('button', { name: '推后 3' }).click();
  await expect(page.locator('#parties_2_routingGroup')).toHaveValue('2');
  await expect(page.getByText('第 2 组')).toBeVisible();
  await checkPage(page, 'wizard-parties');
  await page.getByRole('button', { name: '下一步' }).click();

  // A preset, then the advanced ISO 8601 fields: short enough for a reminder to show while we watch.
  await page.getByText('期限 7 天，每天提醒').click();
  await expect(page.locator('#policy_deadline')).toHaveValue('P7D');
  await page.getByText('高级（ISO 8601 时长）').click();
  await page.locator('#policy_deadline').fill('PT30M');
  await page.locator('#policy_firstAfter').fill('PT3S');
  await page.locator('#policy_every').fill('PT3S');
  await checkPage(page, 'wizard-policy');
  await page.getByRole('button', { name: '发起' }).click();

  await expect(page).toHaveURL(/\/agreements\/[0-9a-f-]{36}$/);
  const agreementId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('签署中').first()).toBeVisible();
  await expect(page.getByText('第 1 组')).toBeVisible();
  await expect(page.getByText('第 2 组')).toBeVisible();
  await expect(page.getByTestId('party-party-1')).toContainText('待处理');
  await expect(page.getByTestId('party-party-3')).toContainText('等待中');
  await expect(page.getByTestId('audit-verification')).toHaveText('审计链校验通过');
  // The secretariat may void and amend; it signs for no party here.
  await expect(page.getByRole('button', { name: '作废' })).toBeVisible();
  await expect(page.getByRole('button', { name: '修订' })).toBeVisible();
  await expect(page.getByRole('button', { name: '签署', exact: true })).toHaveCount(0);

  // A reminder goes out after PT3S: the pending parties are overdue on the alliance home.
  await page.getByRole('navigation').getByRole('link', { name: '联盟' }).click();
  await expect(page.getByTestId('overdue-party').first()).toContainText(title);

  // The parties sign (their signatories, by API), group 1 then group 2: the agreement becomes effective.
  const agreement = (await callAs('secretariat', 'GET', `/v1/agreements/${agreementId}`)).body;
  expect(
    (await callAs('signatory-school', 'POST', `/v1/agreements/${agreementId}/sign`, { partyId: 'party-1', documentSha256: agreement.documentSha256 })).status,
  ).toBe(200);
  expect(
    (await callAs('signatory-enterprise', 'POST', `/v1/agreements/${agreementId}/sign`, { partyId: 'party-2', documentSha256: agreement.documentSha256 }))
      .status,
  ).toBe(200);
  await page.goto(`/agreements/${agreementId}`);
  await expect(page.getByTestId('party-party-1')).toContainText('已签署');
  await expect(page.getByTestId('party-party-3')).toContainText('待处理');
  await checkPage(page, 'agreement');
  // The same page in English.
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByText('Audit chain verified')).toBeVisible();
  await checkPage(page, 'agreement', 'en');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByText('审计链校验通过')).toBeVisible();
  expect(agreement.allianceId).toBe(stack().allianceId);
});

test('secretariat: amend and void in their dialogs; the certificate of completion of an effective agreement', async ({ page }) => {
  test.slow();
  const stamp = Date.now();
  const amended = await launchAgreement(`实训设备捐赠协议 ${stamp}`, [{ slug: 'school-1', group: 1 }]);
  const effective = await launchAgreement(`联合招生合作协议 ${stamp}`, [
    { slug: 'school-1', group: 1 },
    { slug: 'enterprise-1', group: 1 },
  ]);
  await signIn(page, 'secretariat');

  // Amend: a new version of the text; the signatures reset and the hash changes.
  await page.goto(`/agreements/${amended.id}`);
  await expect(page.getByTestId('document-hash')).toContainText(amended.documentSha256);
  await page.getByRole('button', { name: '修订' }).click();
  await page.locator('#text').fill('第一条 企业向学校捐赠数控机床两台。\n第二条 学校负责设备的日常维护。');
  await page.locator('#note').fill('明确设备数量与维护责任');
  await checkPage(page, 'agreement-amend');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByText('第一条 企业向学校捐赠数控机床两台。')).toBeVisible();
  await expect(page.getByTestId('document-hash')).not.toContainText(amended.documentSha256);
  await expect(page.locator('.ant-descriptions-item', { hasText: '版本' })).toContainText('2');

  // Void: with a reason; the agreement ends and the buttons go.
  await page.getByRole('button', { name: '作废' }).click();
  await page.locator('#reason').fill('捐赠方案改由市教育局统一安排。');
  await checkPage(page, 'agreement-void');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByText('已作废').first()).toBeVisible();
  await expect(page.getByText('捐赠方案改由市教育局统一安排。')).toBeVisible();
  await expect(page.getByRole('button', { name: '作废' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '修订' })).toHaveCount(0);

  // Effective once both parties sign: the certificate of completion opens (printable HTML).
  for (const [slug, partyId] of [
    ['signatory-school', 'school-1'],
    ['signatory-enterprise', 'enterprise-1'],
  ] as const) {
    expect((await callAs(slug, 'POST', `/v1/agreements/${effective.id}/sign`, { partyId, documentSha256: effective.documentSha256 })).status).toBe(200);
  }
  await page.goto(`/agreements/${effective.id}`);
  await expect(page.getByText('已生效').first()).toBeVisible();
  await checkPage(page, 'agreement-effective');
  const [certificate] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('certificate-link').click()]);
  await expect(certificate.getByRole('heading', { level: 1 })).toContainText('Certificate of completion');
  await expect(certificate.locator('body')).toContainText(`联合招生合作协议 ${stamp}`);
  await expect(certificate.locator('body')).toContainText(effective.documentSha256);
  await expect(certificate.locator('body')).toContainText('chain and signatures verified');
});

test('secretariat: a party nobody may sign for is named before launch, and "launch anyway" launches with a warning', async ({ page }) => {
  test.slow();
  await signIn(page, 'secretariat');
  await page.goto('/agreements/new');
  const title = `教育局备案通知 ${Date.now()}`;
  await page.locator('#title').fill(title);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('#documentText').fill('第一条 本协议报市教育局备案。');
  await page.getByRole('button', { name: '下一步' }).click();
  // The education bureau is a member without any signatory: nobody may sign for it yet.
  await choose(page, 'parties_0_organizationId', '市教育局');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '发起' }).click();

  const refusal = page.getByRole('alert').filter({ hasText: '市教育局' });
  await expect(refusal).toBeVisible();
  await expect(page).toHaveURL(/\/agreements\/new$/);
  await checkPage(page, 'wizard-unreachable-party');
  await refusal.getByRole('button', { name: '仍然发起' }).click();

  await expect(page).toHaveURL(/\/agreements\/[0-9a-f-]{36}$/);
  await expect(page.getByText('以下签署方暂无可代表其操作的人员')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const launched = (await callAs('secretariat', 'GET', `/v1/agreements/${page.url().split('/').pop()!}`)).body;
  expect(launched.status).toBe('in_progress');
});
