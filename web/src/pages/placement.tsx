// One placement: the position, the offer and the tripartite agreement's progress, the weekly logs,
// incidents, rule violations and evaluations; and the steps the signed-in person may take on it: the
// student answers the offer, writes the weekly log and reports an incident; a mentor evaluates; the
// school's coordinator resolves incidents, ends the placement early or transfers it. Usable at 390 px.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { useNameOf } from '../api/people';
import { placementKey, usePlacement, usePositions } from '../api/placements';
import { unwrap } from '../api/problem';
import type { PlacementView } from '../api/types';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { refusalText } from '../components/refusal';
import { AgreementStatusTag, PlacementStatusTag, tone } from '../components/status-tag';
import { can, hasRole, useMe } from '../session/me';

const OPEN = ['offered', 'agreement_pending', 'awaiting_start', 'active', 'final_evaluation'];
const WEEKDAYS = 5;

type Dialog = 'decline' | 'terminate' | 'transfer' | 'resolve' | null;

export default function PlacementPage() {
  const { id = '' } = useParams();
  const query = usePlacement(id);
  return <QueryState query={query}>{(placement) => <PlacementDetail placement={placement} />}</QueryState>;
}

/** Today and the following days (the log's dates), in the Beijing calendar the rules use. */
function weekDates(): string[] {
  return Array.from({ length: WEEKDAYS }, (_, i) => new Date(Date.now() + 8 * 3600_000 + i * 86_400_000).toISOString().slice(0, 10));
}

function PlacementDetail({ placement: p }: { placement: PlacementView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const nameOf = useNameOf();
  const positions = usePositions();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [incidentNumber, setIncidentNumber] = useState<number | null>(null);
  const [dialogForm] = Form.useForm();
  const [logForm] = Form.useForm();
  const [incidentForm] = Form.useForm();
  const [evaluationForm] = Form.useForm();

  const isStudent = me?.id === p.studentUserId;
  const isMentor = !!me && (me.id === p.schoolMentorUserId || me.id === p.enterpriseMentorUserId);
  const isSchool = hasRole(me, 'school_coordinator') && me?.organization?.id === p.schoolOrganizationId;
  const open = OPEN.includes(p.status);
  const path = { path: { id: p.id } };

  const run = async (step: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await step();
      message.success(t('agreement.done'));
      setDialog(null);
      after?.();
    } catch (e) {
      setError(refusalText(t, e));
      setDialog(null);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: placementKey(p.id) });
      await queryClient.invalidateQueries({ queryKey: ['placements'] });
    }
  };

  const submitDialog = async () => {
    const values = (await dialogForm.validateFields()) as { reason?: string; positionId?: string; resolution?: string };
    if (dialog === 'decline') await run(() => unwrap(api.POST('/v1/placements/{id}/decline', { params: path, body: { reason: values.reason! } })));
    if (dialog === 'terminate') await run(() => unwrap(api.POST('/v1/placements/{id}/terminate', { params: path, body: { reason: values.reason! } })));
    if (dialog === 'transfer')
      await run(() => unwrap(api.POST('/v1/placements/{id}/transfer', { params: path, body: { positionId: values.positionId!, reason: values.reason! } })));
    if (dialog === 'resolve' && incidentNumber !== null)
      await run(() =>
        unwrap(
          api.POST('/v1/placements/{id}/incidents/{number}/resolve', {
            params: { path: { id: p.id, number: incidentNumber } },
            body: { resolution: values.resolution! },
          }),
        ),
      );
  };

  const submitLog = async () => {
    const values = (await logForm.validateFields()) as { hours: number[]; tasks: string; reflections: string };
    const dates = weekDates();
    await run(
      () =>
        unwrap(
          api.POST('/v1/placements/{id}/check-ins', {
            params: path,
            body: {
              ...(p.currentWeek ? { week: p.currentWeek } : {}),
              days: dates.map((date, i) => ({ date, hours: values.hours[i] ?? 0 })),
              tasks: values.tasks,
              reflections: values.reflections,
            },
          }),
        ),
      () => logForm.resetFields(),
    );
  };
  const submitIncident = async () => {
    const values = (await incidentForm.validateFields()) as { severity: 'low' | 'medium' | 'high' | 'critical'; description: string };
    await run(
      () => unwrap(api.POST('/v1/placements/{id}/incidents', { params: path, body: values })),
      () => incidentForm.resetFields(),
    );
  };
  const submitEvaluation = async () => {
    const values = (await evaluationForm.validateFields()) as { kind: 'mid_term' | 'final'; score: number; comments: string };
    await run(
      () => unwrap(api.POST('/v1/placements/{id}/evaluations', { params: path, body: values })),
      () => evaluationForm.resetFields(),
    );
  };

  const heading = (text: string) => (
    <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
      {text}
    </Typography.Title>
  );
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const loggedThisWeek = !!p.currentWeek && !!p.checkIns?.some((c) => c.week === p.currentWeek);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {p.positionTitle ?? t('placements.placement')}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('table.status')}>
            <span data-testid="placement-status">
              <PlacementStatusTag status={p.status} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('placements.student')}>{nameOf(p.studentUserId)}</Descriptions.Item>
          <Descriptions.Item label={t('placements.cohort')}>{p.cohort}</Descriptions.Item>
          {p.offer && p.status === 'offered' && (
            <Descriptions.Item label={t('placements.offerDeadline')}>{formatDateTime(p.offer.deadlineAt, i18n.language)}</Descriptions.Item>
          )}
          {p.currentWeek != null && (
            <Descriptions.Item label={t('placements.week')}>{t('placements.weekOf', { week: p.currentWeek, weeks: p.weeks })}</Descriptions.Item>
          )}
          {p.nextCheckInDueAt && <Descriptions.Item label={t('placements.nextDue')}>{formatDateTime(p.nextCheckInDueAt, i18n.language)}</Descriptions.Item>}
          {p.outcome?.reason && <Descriptions.Item label={t('agreement.reason')}>{p.outcome.reason}</Descriptions.Item>}
        </Descriptions>
        {p.agreement && (
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="tripartite-agreement">
            {t('placements.agreement')}: {p.agreement.status ? <AgreementStatusTag status={p.agreement.status} /> : <Tag>{t('placements.notLaunched')}</Tag>}
            {p.agreement.status && <Link to={`/agreements/${p.agreement.agreementId}`}>{t('placements.openAgreement')}</Link>}
          </Typography.Paragraph>
        )}
        {(p.nextPlacementId ?? p.outcome?.continuationPlacementId) && (
          <Typography.Paragraph>
            <Link to={`/placements/${p.nextPlacementId ?? p.outcome?.continuationPlacementId}`}>{t('placements.continuation')}</Link>
          </Typography.Paragraph>
        )}
        {(p.startBlockers ?? []).map((b) => (
          <Alert key={b.ruleId} type="warning" showIcon title={b.message[lang]} style={{ marginTop: 8 }} />
        ))}
        {error && (
          <Alert type="error" role="alert" showIcon title={t('agreement.refused')} description={error} style={{ marginTop: 12 }} data-testid="refusal" />
        )}
        <Space wrap style={{ marginTop: 12 }}>
          {isStudent && p.status === 'offered' && can(me, 'POST /v1/placements/:id/accept') && (
            <>
              <Button type="primary" loading={busy} onClick={() => void run(() => unwrap(api.POST('/v1/placements/{id}/accept', { params: path })))}>
                {t('placements.accept')}
              </Button>
              <Button danger onClick={() => setDialog('decline')}>
                {t('placements.decline')}
              </Button>
            </>
          )}
          {isSchool && open && can(me, 'POST /v1/placements/:id/terminate') && (
            <Button danger onClick={() => setDialog('terminate')}>
              {t('placements.terminate')}
            </Button>
          )}
          {isSchool && ['awaiting_start', 'active'].includes(p.status) && can(me, 'POST /v1/placements/:id/transfer') && (
            <Button onClick={() => setDialog('transfer')}>{t('placements.transfer')}</Button>
          )}
        </Space>
      </Card>

      {isStudent && p.status === 'active' && can(me, 'POST /v1/placements/:id/check-ins') && (
        <Card title={heading(t('placements.logForm', { week: p.currentWeek ?? '' }))}>
          {loggedThisWeek && <Alert type="success" showIcon title={t('placements.logged')} style={{ marginBottom: 12 }} />}
          <Form name="log" form={logForm} layout="vertical" initialValues={{ hours: Array.from({ length: WEEKDAYS }, () => 8) }}>
            <Space wrap>
              {weekDates().map((date, i) => (
                <Form.Item key={date} name={['hours', i]} label={date} rules={[{ required: true }]}>
                  <InputNumber min={0} max={24} style={{ width: 96 }} />
                </Form.Item>
              ))}
            </Space>
            <Form.Item name="tasks" label={t('placements.tasks')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="reflections" label={t('placements.reflections')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void submitLog()}>
              {t('placements.submitLog')}
            </Button>
          </Form>
        </Card>
      )}

      <Card title={heading(t('placements.logs'))}>
        <Table
          rowKey="week"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={p.checkIns ?? []}
          data-testid="check-ins"
          locale={{ emptyText: t('placements.noLogs') }}
          columns={[
            { title: t('placements.week'), dataIndex: 'week' },
            { title: t('placements.hours'), dataIndex: 'hours' },
            { title: t('placements.submittedAt'), dataIndex: 'submittedAt', render: (d: string) => formatDateTime(d, i18n.language) },
            {
              title: t('table.status'),
              render: (_, c) =>
                c.violations.length > 0 ? (
                  <Tag color={tone.warn}>{t('placements.violations')}</Tag>
                ) : c.late ? (
                  <Tag color={tone.warn}>{t('placements.late')}</Tag>
                ) : (
                  <Tag color={tone.ok}>{t('placements.onTime')}</Tag>
                ),
            },
          ]}
        />
        {(p.missedWeeks ?? []).length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="missed-weeks"
            title={t('placements.missedWeeks', { weeks: p.missedWeeks!.join(', ') })}
          />
        )}
      </Card>

      <Card title={heading(t('placements.incidents'))}>
        <List
          size="small"
          dataSource={p.incidents ?? []}
          locale={{ emptyText: t('placements.noIncidents') }}
          renderItem={(incident) => (
            <List.Item
              data-testid="incident"
              actions={
                isSchool && !incident.resolvedAt && can(me, 'POST /v1/placements/:id/incidents/:number/resolve')
                  ? [
                      <Button key="resolve" size="small" onClick={() => (setIncidentNumber(incident.number), setDialog('resolve'))}>
                        {t('placements.resolve')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0}>
                <Space wrap>
                  <Tag color={incident.severity === 'low' ? tone.info : tone.bad}>{t(`severity.${incident.severity}`)}</Tag>
                  <span>{incident.description}</span>
                </Space>
                <Typography.Text type="secondary">
                  {nameOf(incident.reportedBy)} · {formatDateTime(incident.reportedAt, i18n.language)}
                  {incident.resolvedAt ? ` · ${t('placements.resolved')}: ${incident.resolution ?? ''}` : ''}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
        {(isStudent || isSchool || isMentor) &&
          ['awaiting_start', 'active', 'final_evaluation'].includes(p.status) &&
          can(me, 'POST /v1/placements/:id/incidents') && (
            <Form name="incident" form={incidentForm} layout="vertical" initialValues={{ severity: 'medium' }} style={{ marginTop: 12 }}>
              <Typography.Title level={3} style={{ fontSize: 16 }}>
                {t('placements.reportIncident')}
              </Typography.Title>
              <Form.Item name="severity" label={t('placements.severity')}>
                <Radio.Group options={(['low', 'medium', 'high', 'critical'] as const).map((s) => ({ value: s, label: t(`severity.${s}`) }))} />
              </Form.Item>
              <Form.Item name="description" label={t('placements.description')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button loading={busy} onClick={() => void submitIncident()}>
                {t('placements.report')}
              </Button>
            </Form>
          )}
      </Card>

      {(p.violations ?? []).length > 0 && (
        <Card title={heading(t('placements.ruleViolations'))}>
          <List size="small" dataSource={p.violations} renderItem={(v) => <List.Item data-testid="violation">{v.message[lang]}</List.Item>} />
        </Card>
      )}

      <Card title={heading(t('placements.evaluations'))}>
        <List
          size="small"
          dataSource={p.evaluations ?? []}
          locale={{ emptyText: t('placements.noEvaluations') }}
          renderItem={(e) => (
            <List.Item data-testid="evaluation">
              <Space wrap>
                <Tag>{t(`evaluationKind.${e.kind}`)}</Tag>
                <span>{t(`evaluator.${e.evaluator}`)}</span>
                <strong>{t('placements.score', { score: e.score })}</strong>
                <span>{e.comments}</span>
              </Space>
            </List.Item>
          )}
        />
        {isMentor && ['active', 'final_evaluation'].includes(p.status) && can(me, 'POST /v1/placements/:id/evaluations') && (
          <Form
            name="evaluation"
            form={evaluationForm}
            layout="vertical"
            initialValues={{ kind: p.status === 'final_evaluation' ? 'final' : 'mid_term' }}
            style={{ marginTop: 12 }}
          >
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('placements.evaluate')}
            </Typography.Title>
            <Form.Item name="kind" label={t('placements.evaluationKind')}>
              <Radio.Group options={(['mid_term', 'final'] as const).map((k) => ({ value: k, label: t(`evaluationKind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="score" label={t('placements.scoreLabel')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name="comments" label={t('placements.comments')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void submitEvaluation()}>
              {t('placements.submitEvaluation')}
            </Button>
          </Form>
        )}
      </Card>

      <Modal
        open={dialog !== null}
        title={dialog ? t(`placements.${dialog}`) : ''}
        okText={t('agreement.confirm')}
        cancelText={t('agreement.cancel')}
        confirmLoading={busy}
        onOk={() => void submitDialog()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form name="step" form={dialogForm} layout="vertical" preserve={false}>
          {dialog === 'transfer' && (
            <Form.Item name="positionId" label={t('placements.newPosition')} rules={[{ required: true }]}>
              <Select
                loading={positions.isPending}
                options={(positions.data ?? []).filter((x) => x.id !== p.positionId).map((x) => ({ value: x.id, label: `${x.title} · ${x.location}` }))}
              />
            </Form.Item>
          )}
          {(dialog === 'decline' || dialog === 'terminate' || dialog === 'transfer') && (
            <Form.Item name="reason" label={t('agreement.reason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {dialog === 'resolve' && (
            <Form.Item name="resolution" label={t('placements.resolution')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
