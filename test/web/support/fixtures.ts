// What every browser journey uses: the running system's URL and seeded people (from global-setup.ts),
// signing in through the sign-in page, bearer-token calls for what other people do meanwhile, and
// `checkPage`: axe-core on the page (no serious or critical violation) and, only when asked
// (`npm run screenshots`, SCREENSHOTS=1), its screenshot for the docs: a test run leaves the tree clean.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test as base } from '@playwright/test';
import type { WebStackReady } from './stack-process';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

export function stack(): WebStackReady {
  const raw = process.env.WEB_STACK;
  if (!raw) throw new Error('WEB_STACK is not set: run the journeys with `npx playwright test` (its global setup starts the system)');
  return JSON.parse(raw) as WebStackReady;
}

export type Slug =
  | 'admin'
  | 'exam-system'
  | 'secretariat'
  | 'signatory-enterprise'
  | 'signatory-school'
  | 'school-coordinator'
  | 'mentor-enterprise'
  | 'mentor-school'
  | 'student'
  | 'reviewer'
  | 'candidate'
  | 'guardian';

export function person(slug: Slug) {
  const found = stack().users.find((u) => u.slug === slug);
  if (!found) throw new Error(`no seeded person ${slug}`);
  return found;
}

/** A call as a seeded person with their bearer token (what someone else does while the test watches). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer the journeys read field by field
export async function callAs(slug: Slug, method: 'GET' | 'POST', p: string, body?: unknown): Promise<{ status: number; body: any }> {
  return callWith(person(slug).token, method, p, body);
}

/** A call with a bearer token (of a person a journey registered itself). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer the journeys read field by field
export async function callWith(token: string, method: 'GET' | 'POST', p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack().baseUrl}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' ? { 'idempotency-key': `journey-${Date.now()}-${Math.random()}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function signIn(page: Page, slug: Slug): Promise<void> {
  const who = person(slug);
  await page.goto('/sign-in');
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(who.password!);
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('.me-name')).toHaveText(who.name);
}

/** axe-core: no serious or critical violation; then, with SCREENSHOTS=1, the page's screenshot, docs/screenshots/<name>.<lang>.png. */
export async function checkPage(page: Page, name: string, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  // Loaded (no spinner) and antd's animations finished, so neither axe nor the screenshot catches a
  // half-drawn state. (Not "network idle": the pages poll every few seconds.)
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  // (A string: this file is compiled without the DOM's types. Endless animations, a badge's pulse, excepted.)
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined)))',
  );
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(serious, `axe on ${name} (${language})`).toEqual([]);
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.${language}.png`), fullPage: true });
}

/** Picks an option of an antd Select by typing part of its label (the field's input has the form's id). */
export async function choose(page: Page, inputId: string, text: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.pressSequentially(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await option.click();
  // A single-choice list closes on its choice. If it is still open, the list re-rendered under the click
  // (seen in CI: a live refresh replaced the options, nothing was chosen): click again, a few times.
  if ((await page.locator('.ant-select-multiple', { has: input }).count()) > 0) return;
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.waitForTimeout(400);
    if (!(await option.isVisible())) return;
    await option.click({ timeout: 2_000 }).catch(() => undefined);
  }
}

export const test = base.extend<{ baseURL: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature: no other fixture needed
  baseURL: async ({}, use) => use(stack().baseUrl),
});
export { expect };

/** The secretariat launches an agreement between member organisations (by API), ready for the journeys. */
export async function launchAgreement(
  title: string,
  parties: { slug: string; role?: 'signer' | 'approver'; group: number }[],
): Promise<{ id: string; documentSha256: string }> {
  const ids = stack().organizationIds;
  const response = await callAs('secretariat', 'POST', '/v1/agreements', {
    allianceId: stack().allianceId,
    title,
    kind: 'cooperation_memorandum',
    document: { text: `${title}\n第一条 双方共建实训基地。` },
    parties: parties.map((p) => ({ partyId: p.slug, displayName: p.slug, organizationId: ids[p.slug], role: p.role ?? 'signer', routingGroup: p.group })),
    policy: { deadline: 'PT30M' },
  });
  if (response.status !== 201) throw new Error(`launch refused: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id, documentSha256: response.body.documentSha256 };
}

/** Polls a read until it satisfies `done` (the system works on its own time; no assertion is timed). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The page fits the viewport's width: nothing sticks out sideways (a phone's 390 px). */
export async function fitsWidth(page: Page): Promise<void> {
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
  expect(widths[0], 'the page is no wider than the screen').toBeLessThanOrEqual(widths[1]);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /退出登录|Sign out/ }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
