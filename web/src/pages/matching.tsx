// A school coordinator's placement planning: the open positions, applying for a student of the school
// (eligibility per preference in the answer), a cohort's matching round previewed as a dry run before it
// is committed (every match becomes an offer), and a direct offer for an application the round left out.
import { Alert, App, Button, Card, Form, Input, InputNumber, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useColleagues, useNameOf } from '../api/people';
import { usePositions } from '../api/placements';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { QueryState } from '../components/query-state';
import { refusalText } from '../components/refusal';
import { tone } from '../components/status-tag';
import { can, useMe } from '../session/me';

type Round = Schemas['MatchingRound'];
type Application = Schemas['PlacementApplication'];

export default function MatchingPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const positions = usePositions();
  const people = useColleagues();
  const nameOf = useNameOf();
  const [applied, setApplied] = useState<Application[]>([]);
  const [preview, setPreview] = useState<Round | null>(null);
  const [committed, setCommitted] = useState<Round | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [applyForm] = Form.useForm();
  const [roundForm] = Form.useForm<{ cohort: string }>();
  const [offerForm] = Form.useForm<{ applicationId: string; positionId: string }>();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const positionTitle = (id: string) => positions.data?.find((p) => p.id === id)?.title ?? id.slice(0, 8);
  const students = (people.data ?? []).filter((u) => u.roles.includes('student'));
  const mentors = (people.data ?? []).filter((u) => u.roles.includes('mentor'));

  const attempt = async <T,>(step: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await step();
    } catch (e) {
      setError(refusalText(t, e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    const v = (await applyForm.validateFields()) as {
      studentUserId: string;
      cohort: string;
      yearOfStudy: number;
      majorCode: string;
      schoolMentorUserId: string;
      preferences: string[];
    };
    const answer = await attempt(() => unwrap(api.POST('/v1/applications', { body: v })));
    if (answer) {
      setApplied([answer, ...applied]);
      // Ready for the next student of the same cohort.
      applyForm.resetFields(['studentUserId', 'preferences']);
      message.success(t('matching.applied'));
    }
  };
  const round = async (dryRun: boolean) => {
    const { cohort } = await roundForm.validateFields();
    const body = { schoolOrganizationId: me!.organization!.id, cohort: cohort.trim(), dryRun };
    const answer = await attempt(() => unwrap(api.POST('/v1/matching-rounds', { body })));
    if (!answer) return;
    if (dryRun) setPreview(answer);
    else {
      setCommitted(answer);
      setPreview(null);
      message.success(t('matching.committed', { count: answer.matched }));
    }
  };
  const offer = async () => {
    const v = await offerForm.validateFields();
    const answer = await attempt(() => unwrap(api.POST('/v1/placements', { body: v })));
    if (answer) void navigate(`/placements/${answer.id}`);
  };

  const heading = (text: string) => (
    <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
      {text}
    </Typography.Title>
  );
  const shown = committed ?? preview;
  const unmatched = [...(preview?.unmatchedApplications ?? []), ...(committed?.unmatchedApplications ?? [])];
  const offerable = [
    ...unmatched.map((u) => ({ value: u.applicationId, label: nameOf(u.studentUserId) })),
    ...applied.map((a) => ({ value: a.id, label: nameOf(a.studentUserId) })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('matching.title')}
      </Typography.Title>
      {error && <Alert type="error" role="alert" showIcon title={t('agreement.refused')} description={error} data-testid="refusal" />}

      <Card title={heading(t('matching.positions'))}>
        <QueryState query={positions}>
          {(items) => (
            <Table<Schemas['PlacementPosition']>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={items}
              data-testid="positions"
              columns={[
                { title: t('matching.position'), dataIndex: 'title' },
                { title: t('matching.location'), dataIndex: 'location' },
                { title: t('matching.capacity'), dataIndex: 'capacity' },
                { title: t('matching.dates'), render: (_, r) => `${r.startDate} – ${r.endDate}` },
                { title: t('matching.hours'), render: (_, r) => t('matching.hoursValue', { daily: r.dailyHours, weekly: r.weeklyHours }) },
                { title: t('matching.stipend'), render: (_, r) => `¥${(r.stipendMonthly / 100).toFixed(0)}` },
              ]}
            />
          )}
        </QueryState>
      </Card>

      {can(me, 'POST /v1/applications') && (
        <Card title={heading(t('matching.apply'))}>
          <Form name="apply" form={applyForm} layout="vertical" initialValues={{ yearOfStudy: 2, majorCode: '460104' }}>
            <Space wrap align="start">
              <Form.Item name="studentUserId" label={t('placements.student')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" style={{ width: 220 }} options={students.map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
              <Form.Item name="cohort" label={t('placements.cohort')} rules={[{ required: true, whitespace: true }]}>
                <Input style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="yearOfStudy" label={t('matching.yearOfStudy')} rules={[{ required: true }]}>
                <InputNumber min={1} max={8} />
              </Form.Item>
              <Form.Item name="majorCode" label={t('matching.majorCode')} rules={[{ required: true }]}>
                <Input style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="schoolMentorUserId" label={t('matching.schoolMentor')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" style={{ width: 220 }} options={mentors.map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            </Space>
            <Form.Item name="preferences" label={t('matching.preferences')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                mode="multiple"
                options={(positions.data ?? []).map((p) => ({ value: p.id, label: `${p.title} · ${p.location}` }))}
              />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void apply()}>
              {t('matching.submitApplication')}
            </Button>
          </Form>
          {applied.length > 0 && (
            <List
              size="small"
              style={{ marginTop: 12 }}
              header={<strong>{t('matching.applications')}</strong>}
              dataSource={applied}
              renderItem={(a) => (
                <List.Item data-testid="application">
                  <Space direction="vertical" size={0}>
                    <span>
                      {nameOf(a.studentUserId)} · {a.cohort}
                    </span>
                    {a.eligibility.map((e) => (
                      <span key={e.positionId}>
                        {e.rank}. {positionTitle(e.positionId)}{' '}
                        {e.eligible ? (
                          <Tag color={tone.ok}>{t('matching.eligible')}</Tag>
                        ) : (
                          <Tag color={tone.bad}>{e.violations.map((v) => v.message[lang]).join('；')}</Tag>
                        )}
                      </span>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}

      {can(me, 'POST /v1/matching-rounds') && (
        <Card title={heading(t('matching.round'))}>
          <Form name="round" form={roundForm} layout="inline" style={{ rowGap: 8 }}>
            <Form.Item name="cohort" label={t('placements.cohort')} rules={[{ required: true, whitespace: true }]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Button loading={busy} onClick={() => void round(true)}>
              {t('matching.preview')}
            </Button>
            {preview && (
              <Button type="primary" loading={busy} onClick={() => void round(false)}>
                {t('matching.commit')}
              </Button>
            )}
          </Form>
          {shown && (
            <div style={{ marginTop: 12 }} data-testid={committed ? 'round-committed' : 'round-preview'}>
              <Alert
                type={committed ? 'success' : 'info'}
                showIcon
                title={
                  committed
                    ? t('matching.committedSummary', { matched: shown.matched, unmatched: shown.unmatched })
                    : t('matching.previewSummary', { matched: shown.matched, unmatched: shown.unmatched, applicants: shown.applicants })
                }
              />
              <Table
                rowKey="applicationId"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                style={{ marginTop: 8 }}
                dataSource={[
                  ...shown.offers.map((o) => ({ ...o, matched: true as const })),
                  ...shown.unmatchedApplications.map((u) => ({ ...u, matched: false as const, positionId: null, placementId: null, preferenceRank: null })),
                ]}
                columns={[
                  { title: t('placements.student'), dataIndex: 'studentUserId', render: (id: string) => nameOf(id) },
                  {
                    title: t('matching.position'),
                    render: (_, r) => (r.positionId ? positionTitle(r.positionId) : <Tag color={tone.warn}>{t('matching.unmatched')}</Tag>),
                  },
                  { title: t('matching.rank'), dataIndex: 'preferenceRank', render: (rank: number | null) => rank ?? '—' },
                  {
                    title: t('matching.offer'),
                    dataIndex: 'placementId',
                    render: (id: string | null) => (id ? <Link to={`/placements/${id}`}>{t('matching.openPlacement')}</Link> : '—'),
                  },
                ]}
              />
            </div>
          )}
        </Card>
      )}

      {can(me, 'POST /v1/placements') && (
        <Card title={heading(t('matching.directOffer'))}>
          <Form name="offer" form={offerForm} layout="vertical">
            <Space wrap align="start">
              <Form.Item name="applicationId" label={t('matching.application')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" style={{ width: 220 }} options={offerable} notFoundContent={t('matching.noApplication')} />
              </Form.Item>
              <Form.Item name="positionId" label={t('matching.position')} rules={[{ required: true }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 260 }}
                  options={(positions.data ?? []).map((p) => ({ value: p.id, label: `${p.title} · ${p.location}` }))}
                />
              </Form.Item>
            </Space>
            <Button type="primary" loading={busy} onClick={() => void offer()}>
              {t('matching.makeOffer')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
