// The reviewer's task inbox: assigned and claimable tasks with their due dates (overdue highlighted),
// claim and unclaim, the application's evidence and exam results, and the decision form (approve,
// reject, request changes). Conflict-of-interest and four-eyes refusals are the workflow's: shown in words.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, List, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Problem, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { tone } from '../components/status-tag';
import { can, useMe } from '../session/me';

type Task = Schemas['ReviewTask'];
/** Overdue by the server's word when listed, or since then by the clock of the person looking (the list refreshes every few seconds). */
const overdue = (task: Task) => task.status === 'open' && (task.overdue || Date.parse(task.dueAt) < Date.now());
type View = 'all' | 'assigned' | 'claimable' | 'decided';

interface ApplicationDetail {
  domain: string;
  level: string;
  trainingHours: number;
  evidence: { name: string; reference?: string; sha256?: string }[];
  exam: { theoryScore: number; practicalScore: number; passed: boolean } | null;
}

export default function ReviewsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>('all');
  const [open, setOpen] = useState<Task | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ decision: 'approve' | 'reject' | 'request_changes'; text?: string }>();
  const decision = Form.useWatch('decision', form);
  const inbox = useQuery({
    queryKey: ['review-tasks', view],
    queryFn: () => unwrap(api.GET('/v1/review-tasks', { params: { query: { view, limit: 100 } } })),
    refetchInterval: 5_000,
  });
  const application = useQuery({
    queryKey: ['certification-application', open?.applicationId],
    enabled: !!open,
    queryFn: () =>
      unwrap(
        api.GET('/v1/certification-applications/{id}', { params: { path: { id: open!.applicationId } } }),
      ) as Promise<unknown> as Promise<ApplicationDetail>,
  });
  // The open task as the inbox shows it now (claimed or decided meanwhile).
  const task = open ? (inbox.data?.items.find((i) => i.id === open.id) ?? open) : null;

  const act = async (step: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
      message.success(t('agreement.done'));
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      setError(t(`refusal.${e.code}`, { defaultValue: '' }) || e.detail);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: ['review-tasks'] });
    }
  };
  const path = (id: string) => ({ params: { path: { id } } });
  const claim = (id: string) => act(() => unwrap(api.POST('/v1/review-tasks/{id}/claim', path(id))));
  const unclaim = (id: string) => act(() => unwrap(api.POST('/v1/review-tasks/{id}/unclaim', path(id))));
  const decide = async (id: string) => {
    const values = await form.validateFields();
    const text = values.text?.trim() ?? '';
    const body =
      values.decision === 'approve'
        ? { decision: 'approve' as const, ...(text ? { comment: text } : {}) }
        : values.decision === 'reject'
          ? { decision: 'reject' as const, reason: text }
          : {
              decision: 'request_changes' as const,
              points: text
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean),
            };
    await act(() => unwrap(api.POST('/v1/review-tasks/{id}/decision', { ...path(id), body })));
  };

  const mine = task?.assigneeUserId === me?.id;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('reviews.title')}
      </Typography.Title>
      <Segmented<View>
        aria-label={t('reviews.view')}
        value={view}
        onChange={setView}
        options={(['all', 'assigned', 'claimable', 'decided'] as const).map((v) => ({ value: v, label: t(`reviews.views.${v}`) }))}
        style={{ marginBottom: 12 }}
      />
      <QueryState query={inbox}>
        {(page) => (
          <Table<Task>
            rowKey="id"
            size="middle"
            pagination={false}
            scroll={{ x: true }}
            dataSource={page.items}
            locale={{ emptyText: <Typography.Text type="secondary">{t('reviews.empty')}</Typography.Text> }}
            rowClassName={(r) => (overdue(r) ? 'row-overdue' : '')}
            onRow={(r) => ({ 'data-testid': `task-${r.applicationId}-${r.stage}-${r.seat}` }) as HTMLAttributes<HTMLTableRowElement>}
            columns={[
              {
                title: t('reviews.stage'),
                dataIndex: 'stage',
                render: (stage: string, r) => `${t(`reviews.stages.${stage}`, { defaultValue: stage })} · ${t('reviews.seat', { seat: r.seat })}`,
              },
              { title: t('reviews.application'), render: (_, r) => `${r.application.domain} · ${r.application.level}` },
              {
                title: t('reviews.inbox'),
                dataIndex: 'inbox',
                render: (inboxName: string) => <Tag>{t(`reviews.views.${inboxName}`, { defaultValue: inboxName })}</Tag>,
              },
              {
                title: t('reviews.due'),
                dataIndex: 'dueAt',
                render: (due: string, r) => (
                  <Space>
                    {formatDateTime(due, i18n.language)}
                    {overdue(r) && <Tag color={tone.bad}>{t('reviews.overdue')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('table.actions'),
                render: (_, r) => (
                  <Button size="small" onClick={() => (setOpen(r), setError(null), form.resetFields())}>
                    {t('reviews.open')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <Drawer open={!!task} onClose={() => setOpen(null)} title={t('reviews.task')} size="large" destroyOnHidden>
        {task && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            {error && <Alert type="error" role="alert" showIcon title={t('agreement.refused')} description={error} data-testid="refusal" />}
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('reviews.stage')}>{t(`reviews.stages.${task.stage}`, { defaultValue: task.stage })}</Descriptions.Item>
              <Descriptions.Item label={t('reviews.due')}>{formatDateTime(task.dueAt, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('reviews.inbox')}>{t(`reviews.views.${task.inbox}`, { defaultValue: task.inbox })}</Descriptions.Item>
            </Descriptions>
            <QueryState query={application}>
              {(app) => (
                <>
                  <Descriptions column={1} size="small" bordered title={t('reviews.application')}>
                    <Descriptions.Item label={t('reviews.domain')}>{`${app.domain} · ${app.level}`}</Descriptions.Item>
                    <Descriptions.Item label={t('reviews.trainingHours')}>{app.trainingHours}</Descriptions.Item>
                    <Descriptions.Item label={t('reviews.exam')}>
                      {app.exam ? t('reviews.examScores', { theory: app.exam.theoryScore, practical: app.exam.practicalScore }) : t('app.none')}
                    </Descriptions.Item>
                  </Descriptions>
                  <List
                    size="small"
                    bordered
                    header={<strong>{t('reviews.evidence')}</strong>}
                    dataSource={app.evidence}
                    renderItem={(e) => (
                      <List.Item>
                        {e.reference ? (
                          <a href={e.reference} target="_blank" rel="noreferrer">
                            {e.name}
                          </a>
                        ) : (
                          e.name
                        )}
                      </List.Item>
                    )}
                  />
                </>
              )}
            </QueryState>
            <Space wrap>
              {task.inbox === 'claimable' && can(me, 'POST /v1/review-tasks/:id/claim') && (
                <Button type="primary" loading={busy} onClick={() => void claim(task.id)}>
                  {t('reviews.claim')}
                </Button>
              )}
              {mine && task.status === 'open' && can(me, 'POST /v1/review-tasks/:id/unclaim') && (
                <Button loading={busy} onClick={() => void unclaim(task.id)}>
                  {t('reviews.unclaim')}
                </Button>
              )}
            </Space>
            {mine && task.inbox === 'assigned' && can(me, 'POST /v1/review-tasks/:id/decision') && (
              <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }}>
                <Form.Item name="decision" label={t('reviews.decision')}>
                  <Radio.Group options={(['approve', 'reject', 'request_changes'] as const).map((d) => ({ value: d, label: t(`reviews.decisions.${d}`) }))} />
                </Form.Item>
                <Form.Item
                  name="text"
                  label={decision === 'request_changes' ? t('reviews.points') : decision === 'reject' ? t('reviews.reason') : t('reviews.comment')}
                  rules={[{ required: decision !== 'approve' && decision !== undefined, whitespace: true }]}
                >
                  <Input.TextArea rows={4} />
                </Form.Item>
                <Button type="primary" loading={busy} onClick={() => void decide(task.id)}>
                  {t('reviews.submitDecision')}
                </Button>
              </Form>
            )}
          </Space>
        )}
      </Drawer>
    </>
  );
}
