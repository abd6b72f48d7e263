// Templates: every event type renders in zh-CN and en, data is escaped in HTML (and only there), and
// the same event reads right in both languages.
import { notificationEventTypes } from '../../core/notifications/notification-event';
import { normalizeLocale, renderNotification } from '../../activities/notifications/templates';

const data = {
  title: 'Digital craftsmen <co-education> & "memorandum"',
  deadline: '2026-12-01T10:00:00Z',
  recipientName: '王老师',
};

test('the same invitation in zh-CN and in en', () => {
  const zh = renderNotification('agreement.invitation', 'zh-CN', data);
  const en = renderNotification('agreement.invitation', 'en', data);
  process.stdout.write(`zh-CN subject: ${zh.subject}\nzh-CN body: ${zh.body.replace(/\n+/g, ' / ')}\n`);
  process.stdout.write(`en subject: ${en.subject}\nen body: ${en.body.replace(/\n+/g, ' / ')}\n`);

  expect(zh.subject).toBe('请签署：Digital craftsmen <co-education> & "memorandum"');
  expect(zh.body).toBe(
    '王老师，您好：\n\n邀请您签署协议《Digital craftsmen <co-education> & "memorandum"》，请于 2026年12月1日 18:00（北京时间） 前完成。\n\n请登录 AllianceFlow 阅读文件并签署、拒签或委托他人签署。',
  );
  expect(en.subject).toBe('Please sign: Digital craftsmen <co-education> & "memorandum"');
  expect(en.body).toBe(
    'Hello 王老师,\n\nYou are invited to sign the agreement "Digital craftsmen <co-education> & "memorandum"" before December 1, 2026 at 6:00 PM (Beijing time).\n\nOpen AllianceFlow to read the document and sign, decline or delegate.',
  );
  expect(zh.text.startsWith(zh.body)).toBe(true);
  expect(en.text).toContain('your AllianceFlow inbox keeps a copy');

  // HTML: escaped data, paragraphs, the document language.
  expect(zh.html).toContain('<html lang="zh-CN">');
  expect(en.html).toContain('<html lang="en">');
  expect(en.html).toContain('Digital craftsmen &lt;co-education&gt; &amp; &quot;memorandum&quot;');
  expect(en.html).not.toContain('<co-education>');
  expect(en.html).toContain('<p>Hello 王老师,</p>');
  expect(zh.html).toContain('<title>请签署：Digital craftsmen &lt;co-education&gt; &amp; &quot;memorandum&quot;</title>');
});

test('data is substituted, never compiled: template syntax and markup in data print as written', () => {
  const rendered = renderNotification('agreement.voided', 'en', { title: '{{recipientName}}', reason: '<script>alert(1)</script>', recipientName: 'X' });
  expect(rendered.subject).toBe('"{{recipientName}}" was voided');
  expect(rendered.body).toContain('Reason: <script>alert(1)</script>');
  expect(rendered.html).toContain('Reason: &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(rendered.html).not.toContain('<script>');
});

test('a newline in the data cannot reach the subject line', () => {
  const rendered = renderNotification('agreement.invitation', 'en', { title: 'A\r\nBcc: someone@example.org' });
  expect(rendered.subject).toBe('Please sign: A Bcc: someone@example.org');
});

test.each(notificationEventTypes.flatMap((type) => [[type, 'zh-CN'] as const, [type, 'en'] as const]))('%s renders in %s', (type, locale) => {
  const rendered = renderNotification(type, locale, {
    title: 'T',
    programme: 'P',
    positionTitle: 'Pos',
    certificateNumber: 'C-1',
    dueAt: '2026-12-01T00:00:00Z',
    validUntil: '2027-01-01',
    effectiveUntil: '2027-01-01',
    deadline: '2026-12-01T00:00:00Z',
    recipientName: 'R',
    missedCount: 3,
    rule: 'night shift',
    incident: 'cut finger',
  });
  expect(rendered.subject.length).toBeGreaterThan(0);
  expect(rendered.body).toContain('R');
  expect(rendered.html).toContain(`lang="${locale}"`);
  // zh-CN texts are Chinese, en texts are not.
  expect(/[\u4e00-\u9fff]/.test(rendered.subject)).toBe(locale === 'zh-CN');
});

test('locales: English variants are en, everything else zh-CN', () => {
  expect(['en', 'en-US', 'EN-gb', 'zh-CN', 'zh', 'fr', '', null].map(normalizeLocale)).toEqual(['en', 'en', 'en', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
});
