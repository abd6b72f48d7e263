// Notification templates: per event type, in zh-CN and en, rendered with Handlebars into a subject,
// a plain-text part and an HTML part. Data is HTML-escaped in the HTML part (and only there: the text
// part and the subject are not HTML). Data values are substituted, never compiled, so a title such as
// "{{evil}}" or "<script>" prints as written.
//
// Template data: the event's `data` plus `recipientName`, `resourceType`, `resourceId`. Fields the
// templates use (all optional unless the event cannot be described without them):
//   agreements:     title, deadline, effectiveUntil, reason, actorName, version
//   placements:     positionTitle, enterpriseName, studentName, deadline, weekOf, missedCount, rule,
//                   incident, credits, reason
//   certification:  programme, level, candidateName, dueAt, reason, deadline, certificateNumber, validUntil
//   commissioners:  domain, enterpriseName, institutionName, commissionerName, deadline, periodOf, missedCount,
//                   missedPeriods, hours, rating, reason
// Dates are ISO strings; `{{date x}}` prints them in the reader's language, in Beijing time.
import Handlebars from 'handlebars';
import type { NotificationEventType } from '../../../core/notifications/notification-event';
import { en } from './en';
import { zhCN } from './zh-CN';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

export interface EventTemplate {
  subject: string;
  body: string;
}
export type TemplateSet = Record<NotificationEventType, EventTemplate>;

export interface RenderedNotification {
  locale: Locale;
  subject: string;
  /** The message itself, for the inbox. */
  body: string;
  /** The e-mail's plain-text part: the body and a footer. */
  text: string;
  html: string;
}

export type TemplateData = Record<string, string | number | boolean | null>;

const templateSets: Record<Locale, TemplateSet> = { 'zh-CN': zhCN, en };

const wording: Record<Locale, { zone: string; footer: string }> = {
  'zh-CN': { zone: '（北京时间）', footer: '此邮件由 AllianceFlow 自动发送；站内消息中心保存有本通知。' },
  en: { zone: ' (Beijing time)', footer: 'This message was sent by AllianceFlow; your AllianceFlow inbox keeps a copy.' },
};

/** zh-CN unless the user's locale is some form of English. */
export function normalizeLocale(locale: string | null | undefined): Locale {
  return locale && /^en\b/i.test(locale) ? 'en' : 'zh-CN';
}

export function formatDate(value: unknown, locale: Locale): string {
  if (typeof value !== 'string') return value === null || value === undefined ? '' : String(value);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  if (dateOnly) return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(date) + wording[locale].zone;
}

type Compiled = (data: TemplateData) => string;

function environment(locale: Locale): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('date', (value: unknown) => formatDate(value, locale));
  return hb;
}

const environments = new Map<Locale, typeof Handlebars>();
const cache = new Map<string, Compiled>();

function compiled(locale: Locale, source: string, escape: boolean): Compiled {
  const key = `${locale}\u0000${escape ? 'html' : 'text'}\u0000${source}`;
  let fn = cache.get(key);
  if (!fn) {
    let hb = environments.get(locale);
    if (!hb) environments.set(locale, (hb = environment(locale)));
    fn = hb.compile<TemplateData>(source, {
      noEscape: !escape,
      knownHelpers: { date: true },
      knownHelpersOnly: true,
    });
    cache.set(key, fn);
  }
  return fn;
}

function escapeHtml(text: string): string {
  return Handlebars.Utils.escapeExpression(text);
}

export function renderNotification(type: NotificationEventType, localeOrAny: string | null | undefined, data: TemplateData): RenderedNotification {
  const locale = normalizeLocale(localeOrAny);
  const template = templateSets[locale][type];
  if (!template) throw new Error(`no ${locale} template for ${type}`);
  return renderTemplate(template, locale, data, wording[locale].footer);
}

/** Renders one template (the notifications' above, or another module's, e.g. the account e-mails). */
export function renderTemplate(template: EventTemplate, locale: Locale, data: TemplateData, footer: string): RenderedNotification {
  // Subjects are one line: a newline in the data must not reach the mail header.
  const subject = compiled(locale, template.subject, false)(data).replace(/\s+/g, ' ').trim();
  const text = compiled(locale, template.body, false)(data).trim();
  // Escaped rendering first, then paragraphs: every character of the data is already escaped here.
  const paragraphs = compiled(
    locale,
    template.body,
    true,
  )(data)
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"font-family: -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif; line-height: 1.6; color: #1f2328;\">",
    paragraphs,
    `<hr><p style="color: #6e7781; font-size: 12px;">${escapeHtml(footer)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { locale, subject, body: text, text: `${text}\n\n-- \n${footer}`, html };
}
