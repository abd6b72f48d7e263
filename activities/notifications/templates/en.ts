// English templates, one per event type: a subject line and a body (Handlebars). A blank line in the
// body starts a new paragraph in the HTML part. Data fields used here are listed in templates/index.ts.
import type { TemplateSet } from './index';

export const en: TemplateSet = {
  'agreement.invitation': {
    subject: 'Please sign: {{title}}',
    body: 'Hello {{recipientName}},\n\nYou are invited to sign the agreement "{{title}}"{{#if deadline}} before {{date deadline}}{{/if}}.\n\nOpen AllianceFlow to read the document and sign, decline or delegate.',
  },
  'agreement.reminder': {
    subject: 'Reminder: "{{title}}" is waiting for your signature',
    body: 'Hello {{recipientName}},\n\nThe agreement "{{title}}" is still waiting for your signature{{#if deadline}}; it expires on {{date deadline}}{{/if}}.',
  },
  'agreement.expiry_warning': {
    subject: '"{{title}}" expires soon',
    body: 'Hello {{recipientName}},\n\nThe agreement "{{title}}" expires on {{date deadline}} unless every party signs before then.',
  },
  'agreement.expired': {
    subject: '"{{title}}" has expired',
    body: 'Hello {{recipientName}},\n\nThe agreement "{{title}}" expired{{#if deadline}} on {{date deadline}}{{/if}} before every party had signed.',
  },
  'agreement.declined': {
    subject: '"{{title}}" was declined',
    body: 'Hello {{recipientName}},\n\n{{#if actorName}}{{actorName}}{{else}}A party{{/if}} declined the agreement "{{title}}".{{#if reason}}\n\nReason: {{reason}}{{/if}}',
  },
  'agreement.voided': {
    subject: '"{{title}}" was voided',
    body: 'Hello {{recipientName}},\n\nThe secretariat voided the agreement "{{title}}".{{#if reason}}\n\nReason: {{reason}}{{/if}}',
  },
  'agreement.amended': {
    subject: '"{{title}}" was amended: please sign again',
    body: 'Hello {{recipientName}},\n\nThe agreement "{{title}}" was amended{{#if version}} (version {{version}}){{/if}}. Earlier signatures no longer count; please review and sign the new version.',
  },
  'agreement.completed': {
    subject: '"{{title}}" is in effect',
    body: 'Hello {{recipientName}},\n\nEvery party has signed "{{title}}". The agreement is in effect{{#if effectiveUntil}} until {{date effectiveUntil}}{{/if}} and its certificate of completion is available.',
  },
  'agreement.renewal_due': {
    subject: '"{{title}}" is due for renewal',
    body: 'Hello {{recipientName}},\n\nThe agreement "{{title}}" is effective until {{date effectiveUntil}}. Start the renewal in time.',
  },
  'placement.offer': {
    subject: 'Placement offer: {{positionTitle}}',
    body: 'Hello {{recipientName}},\n\nYou have an offer for the position "{{positionTitle}}"{{#if enterpriseName}} at {{enterpriseName}}{{/if}}.{{#if deadline}} Please accept or decline before {{date deadline}}.{{/if}}',
  },
  'placement.check_in_missed': {
    subject: 'Weekly log missing{{#if weekOf}} for the week of {{date weekOf}}{{/if}}',
    body: 'Hello {{recipientName}},\n\n{{#if studentName}}{{studentName}} has{{else}}You have{{/if}} not submitted the weekly log{{#if weekOf}} for the week of {{date weekOf}}{{/if}}{{#if positionTitle}} for the placement "{{positionTitle}}"{{/if}}.',
  },
  'placement.escalated': {
    subject: 'Escalation: repeated missed check-ins{{#if studentName}} by {{studentName}}{{/if}}',
    body: 'Hello {{recipientName}},\n\n{{#if studentName}}{{studentName}}{{else}}The student{{/if}} has missed {{missedCount}} weekly check-ins in a row{{#if positionTitle}} at "{{positionTitle}}"{{/if}}. Please follow up.',
  },
  'placement.rule_violation': {
    subject: 'Placement rule violated{{#if studentName}}: {{studentName}}{{/if}}',
    body: 'Hello {{recipientName}},\n\nThe placement rules check found a violation{{#if positionTitle}} at "{{positionTitle}}"{{/if}}: {{rule}}.',
  },
  'placement.incident': {
    subject: 'Incident reported{{#if studentName}} for {{studentName}}{{/if}}',
    body: 'Hello {{recipientName}},\n\nAn incident was reported{{#if positionTitle}} at "{{positionTitle}}"{{/if}}: {{incident}}',
  },
  'placement.completed': {
    subject: 'Placement completed: {{positionTitle}}',
    body: 'Hello {{recipientName}},\n\nThe placement "{{positionTitle}}"{{#if studentName}} of {{studentName}}{{/if}} is complete{{#if credits}}; {{credits}} credits were recorded{{/if}}.',
  },
  'placement.terminated': {
    subject: 'Placement ended early: {{positionTitle}}',
    body: 'Hello {{recipientName}},\n\nThe placement "{{positionTitle}}"{{#if studentName}} of {{studentName}}{{/if}} was ended early.{{#if reason}}\n\nReason: {{reason}}{{/if}}',
  },
  'certification.review_task': {
    subject: 'New review task: {{programme}}{{#if level}} ({{level}}){{/if}}',
    body: 'Hello {{recipientName}},\n\nA certification application{{#if candidateName}} by {{candidateName}}{{/if}} is waiting for your review{{#if dueAt}}, due {{date dueAt}}{{/if}}.',
  },
  'certification.review_reminder': {
    subject: 'Reminder: review task due {{date dueAt}}',
    body: 'Hello {{recipientName}},\n\nYour review of the {{programme}} application{{#if candidateName}} by {{candidateName}}{{/if}} is due on {{date dueAt}}.',
  },
  'certification.review_escalated': {
    subject: 'Review task reassigned: {{programme}}',
    body: 'Hello {{recipientName}},\n\nA review task for the {{programme}} application{{#if candidateName}} by {{candidateName}}{{/if}} passed its due date and was reassigned.',
  },
  'certification.changes_requested': {
    subject: 'Changes requested on your {{programme}} application',
    body: 'Hello {{recipientName}},\n\nThe reviewers asked for changes to your application.{{#if reason}}\n\nWhat to change: {{reason}}{{/if}}\n\nThe review resumes when you resubmit.',
  },
  'certification.rejected': {
    subject: 'Your {{programme}} application was not approved',
    body: 'Hello {{recipientName}},\n\nYour application was not approved.{{#if reason}}\n\nReason: {{reason}}{{/if}}{{#if deadline}}\n\nYou may appeal until {{date deadline}}.{{/if}}',
  },
  'certification.issued': {
    subject: 'Certificate issued: {{certificateNumber}}',
    body: 'Hello {{recipientName}},\n\nCongratulations! Your certificate {{certificateNumber}} ({{programme}}{{#if level}}, {{level}}{{/if}}) has been issued{{#if validUntil}} and is valid until {{date validUntil}}{{/if}}. Anyone can verify it by its number.',
  },
  'certification.revoked': {
    subject: 'Certificate revoked: {{certificateNumber}}',
    body: 'Hello {{recipientName}},\n\nThe certificate {{certificateNumber}} has been revoked.{{#if reason}}\n\nReason: {{reason}}{{/if}}',
  },
  'certification.renewal_due': {
    subject: 'Certificate {{certificateNumber}} expires soon',
    body: 'Hello {{recipientName}},\n\nThe certificate {{certificateNumber}} expires on {{date validUntil}}. Apply for renewal in time.',
  },
  'commissioner_service.nominated': {
    subject: 'A commissioner is proposed for your need: {{domain}}',
    body: 'Hello {{recipientName}},\n\n{{institutionName}} nominated {{commissionerName}} as technology commissioner for "{{domain}}" at {{enterpriseName}}{{#if deadline}}. The enterprise accepts before {{date deadline}}{{/if}}.',
  },
  'commissioner_service.log_missed': {
    subject: 'Service log missing: {{domain}}',
    body: 'Hello {{recipientName}},\n\nThe service log{{#if periodOf}} for the period from {{date periodOf}}{{/if}} at {{enterpriseName}} ("{{domain}}") has not been submitted{{#if missedCount}} ({{missedCount}} in a row){{/if}}. Please submit it.',
  },
  'commissioner_service.escalated': {
    subject: 'Escalation: {{commissionerName}} missed {{missedCount}} service logs',
    body: 'Hello {{recipientName}},\n\n{{commissionerName}} has missed {{missedCount}} service logs in a row at {{enterpriseName}} ("{{domain}}"){{#if missedPeriods}}: periods {{missedPeriods}}{{/if}}. Please follow up.',
  },
  'commissioner_service.rating_due': {
    subject: 'Please rate the service: {{domain}}',
    body: 'Hello {{recipientName}},\n\nThe service of {{commissionerName}} ({{institutionName}}) on "{{domain}}" is over. Please rate it{{#if deadline}} before {{date deadline}}{{/if}}.',
  },
  'commissioner_service.completed': {
    subject: 'Service completed: {{domain}}',
    body: 'Hello {{recipientName}},\n\nThe service of {{commissionerName}} at {{enterpriseName}} on "{{domain}}" is complete{{#if hours}}: {{hours}} confirmed hours{{/if}}{{#if rating}}, rated {{rating}} of 5{{/if}}.',
  },
  'commissioner_service.ended': {
    subject: 'Service ended early: {{domain}}',
    body: 'Hello {{recipientName}},\n\nThe service of {{commissionerName}} at {{enterpriseName}} on "{{domain}}" was ended early.{{#if reason}}\n\nReason: {{reason}}{{/if}}',
  },
};
