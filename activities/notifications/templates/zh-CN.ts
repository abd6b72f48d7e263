// 简体中文模板：每种事件一个主题和一段正文（Handlebars）。正文中的空行在 HTML 中分段。
// 所用数据字段见 templates/index.ts。
import type { TemplateSet } from './index';

export const zhCN: TemplateSet = {
  'agreement.invitation': {
    subject: '请签署：{{title}}',
    body: '{{recipientName}}，您好：\n\n邀请您签署协议《{{title}}》{{#if deadline}}，请于 {{date deadline}} 前完成{{/if}}。\n\n请登录 AllianceFlow 阅读文件并签署、拒签或委托他人签署。',
  },
  'agreement.reminder': {
    subject: '提醒：《{{title}}》等待您签署',
    body: '{{recipientName}}，您好：\n\n协议《{{title}}》仍在等待您签署{{#if deadline}}，截止时间为 {{date deadline}}{{/if}}。',
  },
  'agreement.expiry_warning': {
    subject: '《{{title}}》即将过期',
    body: '{{recipientName}}，您好：\n\n如各方未在 {{date deadline}} 前全部签署，协议《{{title}}》将过期。',
  },
  'agreement.expired': {
    subject: '《{{title}}》已过期',
    body: '{{recipientName}}，您好：\n\n协议《{{title}}》{{#if deadline}}已于 {{date deadline}} {{/if}}在各方签署完成前过期。',
  },
  'agreement.declined': {
    subject: '《{{title}}》已被拒签',
    body: '{{recipientName}}，您好：\n\n{{#if actorName}}{{actorName}}{{else}}一方{{/if}}拒绝签署协议《{{title}}》。{{#if reason}}\n\n原因：{{reason}}{{/if}}',
  },
  'agreement.voided': {
    subject: '《{{title}}》已作废',
    body: '{{recipientName}}，您好：\n\n秘书处已作废协议《{{title}}》。{{#if reason}}\n\n原因：{{reason}}{{/if}}',
  },
  'agreement.amended': {
    subject: '《{{title}}》已修订，请重新签署',
    body: '{{recipientName}}，您好：\n\n协议《{{title}}》已修订{{#if version}}（第 {{version}} 版）{{/if}}，此前的签署不再有效，请审阅并签署新版本。',
  },
  'agreement.completed': {
    subject: '《{{title}}》已生效',
    body: '{{recipientName}}，您好：\n\n协议《{{title}}》已由各方签署完毕，现已生效{{#if effectiveUntil}}，有效期至 {{date effectiveUntil}}{{/if}}。签署完成证明已可查看。',
  },
  'agreement.renewal_due': {
    subject: '《{{title}}》即将到期，请办理续签',
    body: '{{recipientName}}，您好：\n\n协议《{{title}}》有效期至 {{date effectiveUntil}}，请及时办理续签。',
  },
  'placement.offer': {
    subject: '实习岗位录用通知：{{positionTitle}}',
    body: '{{recipientName}}，您好：\n\n您已获得{{#if enterpriseName}}{{enterpriseName}}的{{/if}}实习岗位“{{positionTitle}}”录用。{{#if deadline}}请于 {{date deadline}} 前接受或拒绝。{{/if}}',
  },
  'placement.check_in_missed': {
    subject: '周志未提交{{#if weekOf}}（{{date weekOf}} 当周）{{/if}}',
    body: '{{recipientName}}，您好：\n\n{{#if studentName}}{{studentName}}{{else}}您{{/if}}尚未提交{{#if positionTitle}}实习岗位“{{positionTitle}}”{{/if}}{{#if weekOf}} {{date weekOf}} 当周{{/if}}的周志。',
  },
  'placement.escalated': {
    subject: '升级提醒：{{#if studentName}}{{studentName}}{{/if}}多次未提交周志',
    body: '{{recipientName}}，您好：\n\n{{#if studentName}}{{studentName}}{{else}}该学生{{/if}}{{#if positionTitle}}在“{{positionTitle}}”岗位{{/if}}已连续 {{missedCount}} 周未提交周志，请跟进。',
  },
  'placement.rule_violation': {
    subject: '实习规定违规提醒{{#if studentName}}：{{studentName}}{{/if}}',
    body: '{{recipientName}}，您好：\n\n实习规定检查发现{{#if positionTitle}}“{{positionTitle}}”岗位{{/if}}存在违规：{{rule}}。',
  },
  'placement.incident': {
    subject: '实习事件报告{{#if studentName}}：{{studentName}}{{/if}}',
    body: '{{recipientName}}，您好：\n\n{{#if positionTitle}}“{{positionTitle}}”岗位{{/if}}报告了一起事件：{{incident}}',
  },
  'placement.completed': {
    subject: '实习已完成：{{positionTitle}}',
    body: '{{recipientName}}，您好：\n\n{{#if studentName}}{{studentName}}的{{/if}}实习“{{positionTitle}}”已完成{{#if credits}}，已记录 {{credits}} 学分{{/if}}。',
  },
  'placement.terminated': {
    subject: '实习已提前终止：{{positionTitle}}',
    body: '{{recipientName}}，您好：\n\n{{#if studentName}}{{studentName}}的{{/if}}实习“{{positionTitle}}”已提前终止。{{#if reason}}\n\n原因：{{reason}}{{/if}}',
  },
  'certification.review_task': {
    subject: '新的评审任务：{{programme}}{{#if level}}（{{level}}）{{/if}}',
    body: '{{recipientName}}，您好：\n\n{{#if candidateName}}{{candidateName}}的{{/if}}认证申请等待您评审{{#if dueAt}}，截止时间为 {{date dueAt}}{{/if}}。',
  },
  'certification.review_reminder': {
    subject: '提醒：评审任务将于 {{date dueAt}} 到期',
    body: '{{recipientName}}，您好：\n\n您对{{#if candidateName}}{{candidateName}}的{{/if}}{{programme}}申请的评审将于 {{date dueAt}} 到期。',
  },
  'certification.review_escalated': {
    subject: '评审任务已重新分配：{{programme}}',
    body: '{{recipientName}}，您好：\n\n{{#if candidateName}}{{candidateName}}的{{/if}}{{programme}}申请的评审任务已超期，已重新分配。',
  },
  'certification.changes_requested': {
    subject: '您的{{programme}}申请需要修改',
    body: '{{recipientName}}，您好：\n\n评审人员要求您修改申请材料。{{#if reason}}\n\n修改意见：{{reason}}{{/if}}\n\n重新提交后评审将继续。',
  },
  'certification.rejected': {
    subject: '您的{{programme}}申请未获通过',
    body: '{{recipientName}}，您好：\n\n您的申请未获通过。{{#if reason}}\n\n原因：{{reason}}{{/if}}{{#if deadline}}\n\n如有异议，可在 {{date deadline}} 前申请复核。{{/if}}',
  },
  'certification.issued': {
    subject: '证书已颁发：{{certificateNumber}}',
    body: '{{recipientName}}，您好：\n\n恭喜！您的证书 {{certificateNumber}}（{{programme}}{{#if level}}，{{level}}{{/if}}）已颁发{{#if validUntil}}，有效期至 {{date validUntil}}{{/if}}。任何人均可凭证书编号查验。',
  },
  'certification.revoked': {
    subject: '证书已撤销：{{certificateNumber}}',
    body: '{{recipientName}}，您好：\n\n证书 {{certificateNumber}} 已被撤销。{{#if reason}}\n\n原因：{{reason}}{{/if}}',
  },
  'certification.renewal_due': {
    subject: '证书 {{certificateNumber}} 即将到期',
    body: '{{recipientName}}，您好：\n\n证书 {{certificateNumber}} 将于 {{date validUntil}} 到期，请及时申请续期。',
  },
  'commissioner_service.nominated': {
    subject: '科技特派员推荐：{{domain}}',
    body: '{{recipientName}}，您好：\n\n{{institutionName}} 推荐 {{commissionerName}} 作为科技特派员服务 {{enterpriseName}} 的需求“{{domain}}”{{#if deadline}}，请企业于 {{date deadline}} 前确认{{/if}}。',
  },
  'commissioner_service.log_missed': {
    subject: '服务日志未提交：{{domain}}',
    body: '{{recipientName}}，您好：\n\n您在 {{enterpriseName}}（“{{domain}}”）{{#if periodOf}}自 {{date periodOf}} 起一期{{/if}}的服务日志尚未提交{{#if missedCount}}（已连续 {{missedCount}} 期）{{/if}}，请尽快提交。',
  },
  'commissioner_service.escalated': {
    subject: '督办：{{commissionerName}} 连续 {{missedCount}} 期未提交服务日志',
    body: '{{recipientName}}，您好：\n\n{{commissionerName}} 在 {{enterpriseName}}（“{{domain}}”）已连续 {{missedCount}} 期未提交服务日志{{#if missedPeriods}}（第 {{missedPeriods}} 期）{{/if}}，请跟进。',
  },
  'commissioner_service.rating_due': {
    subject: '请评价服务：{{domain}}',
    body: '{{recipientName}}，您好：\n\n{{institutionName}} 的 {{commissionerName}} 关于“{{domain}}”的服务期已结束，请{{#if deadline}}于 {{date deadline}} 前{{/if}}对服务进行评价。',
  },
  'commissioner_service.completed': {
    subject: '服务已完成：{{domain}}',
    body: '{{recipientName}}，您好：\n\n{{commissionerName}} 在 {{enterpriseName}} 关于“{{domain}}”的服务已完成{{#if hours}}，确认服务 {{hours}} 小时{{/if}}{{#if rating}}，评分 {{rating}}/5{{/if}}。',
  },
  'commissioner_service.ended': {
    subject: '服务已提前终止：{{domain}}',
    body: '{{recipientName}}，您好：\n\n{{commissionerName}} 在 {{enterpriseName}} 关于“{{domain}}”的服务已提前终止。{{#if reason}}\n\n原因：{{reason}}{{/if}}',
  },
};
