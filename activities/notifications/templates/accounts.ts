// The account e-mails (invitation, password reset), in zh-CN and en, rendered by the notifications'
// renderer (templates/index.ts renderTemplate). They are sent straight by the API (api/accounts/
// account-email.ts) rather than through the notify activity: the invitee has no user and no inbox yet,
// and a link that signs someone in must not be kept in an inbox row or sent to webhooks.
// Data: recipientName, organizationName, inviterName, link, expiresAt (ISO), roles.
import { type EventTemplate, type Locale, normalizeLocale, renderTemplate, type RenderedNotification, type TemplateData } from './index';

export type AccountEmailType = 'account.invitation' | 'account.password_reset';

const templates: Record<Locale, Record<AccountEmailType, EventTemplate> & { footer: string }> = {
  en: {
    'account.invitation': {
      subject: 'You are invited to AllianceFlow{{#if organizationName}}: {{organizationName}}{{/if}}',
      body:
        'Hello {{recipientName}},\n\n{{#if inviterName}}{{inviterName}} invites you{{else}}You are invited{{/if}} to AllianceFlow{{#if organizationName}} as a member of {{organizationName}}{{/if}}{{#if roles}} ({{roles}}){{/if}}.\n\n' +
        'Open this link to choose your password and sign in (it works once, until {{date expiresAt}}):\n{{link}}\n\n' +
        'If you did not expect this invitation, ignore this e-mail.',
    },
    'account.password_reset': {
      subject: 'Reset your AllianceFlow password',
      body:
        'Hello {{recipientName}},\n\nSomeone (hopefully you) asked to reset the password of your AllianceFlow account.\n\n' +
        'Open this link to choose a new password (it works once, until {{date expiresAt}}):\n{{link}}\n\n' +
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
    },
    footer: 'This message was sent by AllianceFlow. Never forward it: its link is personal.',
  },
  'zh-CN': {
    'account.invitation': {
      subject: '邀请您加入 AllianceFlow{{#if organizationName}}：{{organizationName}}{{/if}}',
      body:
        '{{recipientName}}，您好：\n\n{{#if inviterName}}{{inviterName}}{{else}}平台{{/if}}邀请您加入 AllianceFlow{{#if organizationName}}，成为{{organizationName}}的成员{{/if}}{{#if roles}}（{{roles}}）{{/if}}。\n\n' +
        '请打开以下链接设置密码并登录（仅可使用一次，有效期至 {{date expiresAt}}）：\n{{link}}\n\n' +
        '如果您并未期待此邀请，请忽略本邮件。',
    },
    'account.password_reset': {
      subject: '重置您的 AllianceFlow 密码',
      body:
        '{{recipientName}}，您好：\n\n有人（希望是您本人）申请重置您 AllianceFlow 账户的密码。\n\n' +
        '请打开以下链接设置新密码（仅可使用一次，有效期至 {{date expiresAt}}）：\n{{link}}\n\n' +
        '如果不是您本人申请，请忽略本邮件，您的密码不会改变。',
    },
    footer: '此邮件由 AllianceFlow 自动发送。链接仅供您本人使用，请勿转发。',
  },
};

export function renderAccountEmail(type: AccountEmailType, locale: string | null | undefined, data: TemplateData): RenderedNotification {
  const lang = normalizeLocale(locale);
  return renderTemplate(templates[lang][type], lang, data, templates[lang].footer);
}
