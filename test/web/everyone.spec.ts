// Journey 8, everyone: the notification bell with the unread count from the inbox, the inbox itself
// (marking read lowers the count), the language switch (the whole page and antd's own texts), sign-out.
import { checkPage, expect, launchAgreement, signIn, test } from './support/fixtures';

test('everyone: bell with the unread count → inbox → mark read; language switch; sign out', async ({ page }) => {
  // An invitation to sign reaches the school's signatories' inboxes.
  const title = `校企合作意向书 ${Date.now()}`;
  await launchAgreement(title, [{ slug: 'school-1', group: 1 }]);
  await signIn(page, 'signatory-school');

  const bell = page.getByTestId('notification-bell');
  await expect(bell).toHaveAttribute('aria-label', /通知，[1-9]\d* 条未读/);
  const before = Number((await bell.getAttribute('aria-label'))!.match(/(\d+)/)![1]);
  await bell.click();
  await expect(page.getByRole('heading', { name: '通知' })).toBeVisible();
  const invitation = page.getByTestId('notification').filter({ hasText: title });
  await expect(invitation).toBeVisible();
  await checkPage(page, 'notifications');
  await invitation.getByRole('button', { name: '标为已读' }).click();
  await expect(invitation.getByRole('button', { name: '标为已读' })).toHaveCount(0);
  await expect(bell).toHaveAttribute('aria-label', `通知，${before - 1} 条未读`);

  // English: the console's texts and antd's.
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await checkPage(page, 'notifications', 'en');
  // The choice is kept across a reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '通知' })).toBeVisible();

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await checkPage(page, 'sign-in');
  // Signed out for real: a page behind sign-in sends the browser back to the sign-in page.
  await page.goto('/waiting');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fwaiting/);
});
