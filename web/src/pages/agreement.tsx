// One agreement: the routing as steps (each party's state, who acted, delegations), the document with its
// hash, the steps the signed-in person may take for their party, the secretariat's void and amend, the
// audit trail as a timeline with its verification, and the certificate of completion once effective.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { agreementKey, useAgreement, useAuditTrail } from '../api/agreements';
import { api } from '../api/client';
import { useColleagues, useNameOf } from '../api/people';
import { Problem, unwrap } from '../api/problem';
import type { AgreementView, PartyView } from '../api/types';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { AgreementStatusTag, PartyStateTag, tone } from '../components/status-tag';
import { can, hasRole, type Me, useMe } from '../session/me';

/** The workflow's own rule, mirrored to decide what to show (the server still decides). */
export function actsFor(me: Me | null | undefined, party: PartyView): boolean {
  if (!me) return false;
  if (party.delegatedTo) return party.delegatedTo.userId === me.id;
  if (party.kind === 'user') return party.userId === me.id;
  return !!me.organization && party.organizationId === me.organization.id && hasRole(me, 'signatory');
}

function refusalText(t: (key: string, options?: Record<string, unknown>) => string, error: Problem): string {
  const known = t(`refusal.${error.code}`, { defaultValue: '' });
  return known || error.detail;
}

type Dialog = { kind: 'decline' | 'delegate'; party: PartyView } | { kind: 'void' } | { kind: 'amend' } | null;

export default function AgreementPage() {
  const { id = '' } = useParams();
  const query = useAgreement(id);
  return <QueryState query={query}>{(agreement) => <AgreementDetail agreement={agreement} />}</QueryState>;
}

function AgreementDetail({ agreement }: { agreement: AgreementView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const audit = useAuditTrail(agreement.id);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [dialogForm] = Form.useForm();
  const open = agreement.status === 'in_progress';
  const document = useQuery({
    queryKey: [...agreementKey(agreement.id), 'document', agreement.documentSha256],
    queryFn: async () => {
      const response = await fetch(`/v1/agreements/${agreement.id}/document`, { credentials: 'same-origin' });
      if (!response.ok) throw new Problem(response.status, await response.json().catch(() => null));
      return response.text();
    },
  });
  const colleagues = useColleagues();
  // Names the records carry beside the ids: each delegate's (the party's and the audit trail's).
  const known: Record<string, string> = {};
  for (const p of agreement.parties) if (p.delegatedTo?.name) known[p.delegatedTo.userId] = p.delegatedTo.name;
  for (const e of audit.data?.entries ?? []) {
    const to = e.data?.to;
    const toName = e.data?.toName;
    if (e.step === 'delegated' && typeof to === 'string' && typeof toName === 'string') known[to] = toName;
  }
  const nameOf = useNameOf(known);

  const mine = agreement.parties.filter((p) => actsFor(me, p));
  const isSecretariat = !!me?.organization && me.organization.id === agreement.secretariatOrganizationId && hasRole(me, 'secretariat');

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      message.success(done);
      setDialog(null);
      dialogForm.resetFields();
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      setError(refusalText(t, e));
      setDialog(null);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: agreementKey(agreement.id) });
      await queryClient.invalidateQueries({ queryKey: ['waiting'] });
    }
  };
  const path = { path: { id: agreement.id } };
  const sign = (party: PartyView) =>
    run(
      () =>
        unwrap(
          party.role === 'approver'
            ? api.POST('/v1/agreements/{id}/approve', { params: path, body: { partyId: party.partyId, documentSha256: agreement.documentSha256 } })
            : api.POST('/v1/agreements/{id}/sign', { params: path, body: { partyId: party.partyId, documentSha256: agreement.documentSha256 } }),
        ),
      t('agreement.done'),
    );

  const submitDialog = async () => {
    const values = (await dialogForm.validateFields()) as { reason?: string; toUserId?: string; text?: string; note?: string };
    if (!dialog) return;
    if (dialog.kind === 'decline')
      await run(
        () => unwrap(api.POST('/v1/agreements/{id}/decline', { params: path, body: { partyId: dialog.party.partyId, reason: values.reason! } })),
        t('agreement.done'),
      );
    if (dialog.kind === 'delegate')
      await run(
        () => unwrap(api.POST('/v1/agreements/{id}/delegate', { params: path, body: { partyId: dialog.party.partyId, toUserId: values.toUserId! } })),
        t('agreement.done'),
      );
    if (dialog.kind === 'void')
      await run(() => unwrap(api.POST('/v1/agreements/{id}/void', { params: path, body: { reason: values.reason! } })), t('agreement.done'));
    if (dialog.kind === 'amend')
      await run(
        () =>
          unwrap(
            api.POST('/v1/agreements/{id}/amend', { params: path, body: { document: { text: values.text! }, ...(values.note ? { note: values.note } : {}) } }),
          ),
        t('agreement.done'),
      );
  };

  // People are ids in the records: shown by name where the page knows it (me, colleagues, delegates),
  // else as the party they acted for.
  const who = (id: string, party?: PartyView) => nameOf(id, party ? t('agreement.forParty', { party: party.displayName }) : undefined);
  const groups = [...new Set(agreement.parties.map((p) => p.routingGroup))].sort((a, b) => a - b);
  const groupStatus = (g: number): 'finish' | 'process' | 'wait' | 'error' => {
    const members = agreement.parties.filter((p) => p.routingGroup === g);
    if (members.some((p) => p.state === 'declined')) return 'error';
    if (members.every((p) => ['signed', 'approved', 'notified'].includes(p.state))) return 'finish';
    return agreement.currentRoutingGroup === g ? 'process' : 'wait';
  };
  const partyLine = (p: PartyView) => (
    <div key={p.partyId} data-testid={`party-${p.partyId}`} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', padding: '2px 0' }}>
      <span>{p.displayName}</span>
      <Tag>{t(`partyRole.${p.role}`)}</Tag>
      <PartyStateTag state={p.state} />
      {p.action && (
        <Typography.Text type="secondary">
          {t('agreement.actedBy', { by: who(p.action.by, p), at: formatDateTime(p.action.at, i18n.language) })}
        </Typography.Text>
      )}
      {p.delegatedTo && (
        <Tag color="#531dab" data-testid="delegated-to">
          {t('agreement.delegatedTo', { name: p.delegatedTo.name ?? nameOf(p.delegatedTo.userId) })}
        </Tag>
      )}
      {actsFor(me, p) && <Tag color={tone.busy}>{t('agreement.myParty')}</Tag>}
    </div>
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {agreement.title}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('agreement.status')}>
            <AgreementStatusTag status={agreement.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('table.kind')}>{t(`agreementKind.${agreement.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.version')}>{agreement.version}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.deadline')}>{formatDateTime(agreement.deadlineAt, i18n.language)}</Descriptions.Item>
          {agreement.outcome && (
            <Descriptions.Item label={t('agreement.outcome')}>
              {t(`agreementStatus.${agreement.outcome.step}`)}
              {agreement.outcome.reason ? ` · ${t('agreement.reason')}: ${agreement.outcome.reason}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
        {!agreement.live && <Alert type="warning" title={t('agreement.notLive')} />}
        {error && (
          <Alert type="error" role="alert" showIcon title={t('agreement.refused')} description={error} style={{ marginTop: 12 }} data-testid="refusal" />
        )}
        <Space wrap style={{ marginTop: 12 }}>
          {mine.map((p) =>
            open && p.state === 'pending' && p.role !== 'cc' ? (
              <Space key={p.partyId} wrap>
                <Button type="primary" loading={busy} onClick={() => void sign(p)}>
                  {p.role === 'approver' ? t('agreement.approve') : t('agreement.sign')}
                </Button>
                <Button danger onClick={() => setDialog({ kind: 'decline', party: p })}>
                  {t('agreement.decline')}
                </Button>
                {p.kind === 'organization' && can(me, 'POST /v1/agreements/:id/delegate') && (
                  <Button onClick={() => setDialog({ kind: 'delegate', party: p })}>{t('agreement.delegate')}</Button>
                )}
              </Space>
            ) : p.state === 'waiting' && open ? (
              <Alert key={p.partyId} type="info" showIcon title={t('refusal.not-your-turn')} data-testid="not-your-turn" />
            ) : null,
          )}
          {mine.length > 0 && !open && <Alert type="info" showIcon title={t('refusal.agreement-closed')} data-testid="closed" />}
          {isSecretariat && open && can(me, 'POST /v1/agreements/:id/void') && (
            <Button danger onClick={() => setDialog({ kind: 'void' })}>
              {t('agreement.void')}
            </Button>
          )}
          {isSecretariat && open && can(me, 'POST /v1/agreements/:id/amend') && (
            <Button onClick={() => setDialog({ kind: 'amend' })}>{t('agreement.amend')}</Button>
          )}
          {agreement.status === 'effective' && (
            <Button href={`/v1/agreements/${agreement.id}/certificate?format=html`} target="_blank" rel="noreferrer" data-testid="certificate-link">
              {t('agreement.openCertificate')}
            </Button>
          )}
        </Space>
      </Card>

      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {t('agreement.routing')}
          </Typography.Title>
        }
      >
        <Steps
          direction="vertical"
          current={Math.max(0, groups.indexOf(agreement.currentRoutingGroup ?? -1))}
          items={groups.map((g) => ({
            title: t('agreement.group', { group: g }),
            status: groupStatus(g),
            description: <div>{agreement.parties.filter((p) => p.routingGroup === g).map(partyLine)}</div>,
          }))}
        />
      </Card>

      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {t('agreement.document')}
          </Typography.Title>
        }
      >
        <Typography.Paragraph>
          {t('agreement.hash')}:{' '}
          <Typography.Text code copyable data-testid="document-hash">
            {agreement.documentSha256}
          </Typography.Text>
        </Typography.Paragraph>
        <QueryState query={document}>
          {(text) => (
            <pre style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, border: '1px solid #eee', maxHeight: 320, overflow: 'auto' }}>{text}</pre>
          )}
        </QueryState>
      </Card>

      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {t('agreement.audit')}
          </Typography.Title>
        }
      >
        <QueryState query={audit}>
          {(trail) => (
            <>
              <Tag color={trail.verification.valid ? tone.ok : tone.bad} data-testid="audit-verification">
                {trail.verification.valid ? t('agreement.auditValid') : t('agreement.auditInvalid')}
              </Tag>
              <Timeline
                style={{ marginTop: 16 }}
                items={trail.entries.map((e) => ({
                  key: e.sequence,
                  children: (
                    <span>
                      <strong>{t(`auditStep.${e.step}`, { defaultValue: e.step })}</strong> ·{' '}
                      {who(
                        e.actor,
                        agreement.parties.find((p) => p.partyId === e.data?.partyId),
                      )}
                      {e.step === 'delegated' && typeof e.data?.to === 'string' ? ` → ${nameOf(e.data.to)}` : ''} ·{' '}
                      {formatDateTime(e.occurredAt, i18n.language)}
                    </span>
                  ),
                }))}
              />
            </>
          )}
        </QueryState>
      </Card>

      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'decline'
            ? t('agreement.decline')
            : dialog?.kind === 'delegate'
              ? t('agreement.delegate')
              : dialog?.kind === 'void'
                ? t('agreement.void')
                : t('agreement.amend')
        }
        okText={t('agreement.confirm')}
        cancelText={t('agreement.cancel')}
        confirmLoading={busy}
        onOk={() => void submitDialog()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={dialogForm} layout="vertical" preserve={false}>
          {(dialog?.kind === 'decline' || dialog?.kind === 'void') && (
            <Form.Item
              name="reason"
              label={dialog.kind === 'decline' ? t('agreement.declineReason') : t('agreement.voidReason')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {dialog?.kind === 'delegate' && (
            <Form.Item name="toUserId" label={t('agreement.delegateTo')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={colleagues.isPending}
                options={(colleagues.data ?? []).filter((u) => u.id !== me?.id && u.active).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          )}
          {dialog?.kind === 'amend' && (
            <>
              <Form.Item name="text" label={t('agreement.amendText')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={6} />
              </Form.Item>
              <Form.Item name="note" label={t('agreement.amendNote')}>
                <Input />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
