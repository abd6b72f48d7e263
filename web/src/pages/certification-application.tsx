// One certification application as its candidate follows it: the stage tracker, the eligibility and
// exam results, what the reviewers asked to change (and resubmitting), a rejection (and appealing within
// its window), the public notice, and the certificate. Usable at 390 px.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Descriptions, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { CertificationApplicationView } from '../api/types';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { refusalText } from '../components/refusal';
import { ApplicationStatusTag } from '../components/status-tag';
import { TextStepForm } from '../components/text-step-form';
import { can, useMe } from '../session/me';
import { APPLICATIONS_KEY } from './certification';

const STAGES = ['eligibility_check', 'awaiting_exam', 'formal_review', 'panel_review', 'public_notice', 'issued'] as const;
/** Where each status sits on the tracker. */
const POSITION: Record<string, number> = {
  eligibility_check: 0,
  awaiting_exam: 1,
  formal_review: 2,
  panel_review: 3,
  appeal_review: 3,
  public_notice: 4,
  issued: 5,
  revoked: 5,
  expired: 5,
};
const key = (id: string) => ['certification-application', id] as const;

export default function CertificationApplicationPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: key(id),
    refetchInterval: 4_000,
    queryFn: () =>
      unwrap(api.GET('/v1/certification-applications/{id}', { params: { path: { id } } })) as Promise<unknown> as Promise<CertificationApplicationView>,
  });
  return <QueryState query={query}>{(application) => <ApplicationDetail application={application} />}</QueryState>;
}

function ApplicationDetail({ application: a }: { application: CertificationApplicationView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { path: { id: a.id } };

  const run = async (step: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
      message.success(t('agreement.done'));
    } catch (e) {
      setError(refusalText(t, e));
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: key(a.id) });
      await queryClient.invalidateQueries({ queryKey: APPLICATIONS_KEY });
    }
  };

  // The tracker: the stage that asked for changes waits on the candidate; a rejection stops where it was.
  const at = a.status === 'changes_requested' || a.status === 'rejected' ? (a.stage === 'formal' ? 2 : 3) : (POSITION[a.status] ?? 0);
  const trouble = a.status === 'rejected' || a.status === 'lapsed' || a.status === 'revoked' ? 'error' : a.status === 'changes_requested' ? 'wait' : undefined;
  const appealOpen = a.status === 'rejected' && !!a.rejection?.appealableUntil && !a.appeal && new Date(a.rejection.appealableUntil).getTime() > Date.now();
  const heading = (text: string) => (
    <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
      {text}
    </Typography.Title>
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {a.domain} · {t(`level.${a.level}`, { defaultValue: a.level })}
        </Typography.Title>
        <Space wrap>
          <span data-testid="application-status">
            <ApplicationStatusTag status={a.status} />
          </span>
          <Typography.Text type="secondary">{formatDateTime(a.submittedAt, i18n.language)}</Typography.Text>
        </Space>
        <Steps
          direction="vertical"
          size="small"
          style={{ marginTop: 16 }}
          current={at}
          status={trouble === 'error' ? 'error' : a.status === 'issued' ? 'finish' : 'process'}
          data-testid="stage-tracker"
          items={STAGES.map((s) => ({ title: t(`certification.stages.${s}`) }))}
        />
        {error && <Alert type="error" role="alert" showIcon title={t('agreement.refused')} description={error} data-testid="refusal" />}
      </Card>

      {a.changesRequested && a.status === 'changes_requested' && (
        <Card title={heading(t('certification.changesRequested'))}>
          <ul data-testid="change-points">
            {a.changesRequested.points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
          <Typography.Paragraph type="secondary">
            {t('certification.resubmitBy', { at: formatDateTime(a.changesRequested.resubmitBy, i18n.language) })}
          </Typography.Paragraph>
          {can(me, 'POST /v1/certification-applications/:id/resubmit') && (
            <TextStepForm
              name="resubmit"
              field="note"
              label={t('certification.whatChanged')}
              button={t('certification.resubmit')}
              busy={busy}
              onSubmit={(note) => void run(() => unwrap(api.POST('/v1/certification-applications/{id}/resubmit', { params: path, body: { note } })))}
            />
          )}
        </Card>
      )}

      {a.rejection && (
        <Card title={heading(t('certification.rejected'))}>
          <ul data-testid="rejection-reasons">
            {a.rejection.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          {a.appeal && <Alert type="info" showIcon title={t('certification.appealed', { reason: a.appeal.reason })} />}
          {appealOpen && can(me, 'POST /v1/certification-applications/:id/appeal') && (
            <TextStepForm
              name="appeal"
              field="reason"
              label={t('certification.appealReason')}
              button={t('certification.appeal')}
              busy={busy}
              onSubmit={(reason) => void run(() => unwrap(api.POST('/v1/certification-applications/{id}/appeal', { params: path, body: { reason } })))}
            >
              <Typography.Paragraph type="secondary">
                {t('certification.appealUntil', { at: formatDateTime(a.rejection.appealableUntil, i18n.language) })}
              </Typography.Paragraph>
            </TextStepForm>
          )}
        </Card>
      )}

      <Card title={heading(t('certification.details'))}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('reviews.trainingHours')}>{a.trainingHours}</Descriptions.Item>
          <Descriptions.Item label={t('certification.eligibility')}>
            {a.eligibility ? (a.eligibility.eligible ? t('certification.eligible') : a.eligibility.reasons.join('；')) : t('app.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.exam')}>
            {a.exam ? t('reviews.examScores', { theory: a.exam.theoryScore, practical: a.exam.practicalScore }) : t('app.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.evidence')}>{a.evidence.map((e) => e.name).join('，') || t('app.none')}</Descriptions.Item>
          {a.notice && <Descriptions.Item label={t('certification.notice')}>{formatDateTime(a.notice.endsAt, i18n.language)}</Descriptions.Item>}
          {a.certificate && (
            <Descriptions.Item label={t('certification.certificate')}>
              <Link to={`/verify/${a.certificate.number}`}>{a.certificate.number}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
    </Space>
  );
}
