// Journey 7, anyone: the public page /verify/<number> (no sign-in; the QR code on it and on a printed
// certificate points here) shows a valid certificate with its details and checks, an unknown number as
// such, and the same certificate as revoked once its programme's secretariat revokes it.
import { checkPage, expect, stack, test } from './support/fixtures';

test('anyone: /verify/<number> shows valid, then revoked; an unknown number is said to be unknown', async ({ page }) => {
  const certificate = stack().certificate;
  expect(certificate, 'the journeys system issued a certificate').not.toBeNull();
  const { number, secretariatToken } = certificate!;

  await page.goto(`/verify/${number}`);
  await expect(page.getByTestId('verification-status')).toHaveText('有效');
  await expect(page.getByText(`证书编号: ${number}`)).toBeVisible();
  await expect(page.getByText('本页面公开，无需登录。')).toBeVisible();
  await expect(page.getByText('扫码查验')).toBeVisible();
  await checkPage(page, 'verify-valid');
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByTestId('verification-status')).toHaveText('Valid');
  await checkPage(page, 'verify-valid', 'en');
  await page.getByText('中文', { exact: true }).click();

  await page.goto('/verify/DTE-2026-999999');
  await expect(page.getByText('没有编号为 DTE-2026-999999 的证书。')).toBeVisible();
  await checkPage(page, 'verify-unknown');

  const revoked = await fetch(`${stack().baseUrl}/v1/certificates/${number}/revoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secretariatToken}`, 'content-type': 'application/json', 'idempotency-key': `revoke-${number}` },
    body: JSON.stringify({ reason: '证书持有人的考试记录被撤销' }),
  });
  expect(revoked.status).toBe(200);
  await page.goto(`/verify/${number}`);
  await expect(page.getByTestId('verification-status')).toHaveText('已撤销');
  await checkPage(page, 'verify-revoked');
});
