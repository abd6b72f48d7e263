// A candidate's certification: apply to a programme, my applications with their status, and my
// certificates (each with its public verification page). Usable at 390 px.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { refusalText } from '../components/refusal';
import { ApplicationStatusTag, tone } from '../components/status-tag';
import { can, useMe } from '../session/me';

export const APPLICATIONS_KEY = ['certification-applications', 'mine'] as const;

export default function CertificationPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const programmeId = Form.useWatch('programmeId', form) as string | undefined;
  const evidenceName = Form.useWatch('evidenceName', form) as string | undefined;
  const applications = useQuery({
    queryKey: [...APPLICATIONS_KEY, me?.id],
    enabled: !!me,
    refetchInterval: 5_000,
    queryFn: async () => (await unwrap(api.GET('/v1/certification-applications', { params: { query: { candidateUserId: me!.id, limit: 50 } } }))).items,
  });
  const programmes = useQuery({
    queryKey: ['certification-programmes'],
    queryFn: async () => (await unwrap(api.GET('/v1/certification-programmes', { params: { query: { limit: 100 } } }))).items,
  });
  const programme = programmes.data?.find((p) => p.id === programmeId);
  const levels = Object.keys((programme?.policy.levels as Record<string, unknown> | undefined) ?? {});

  const submit = async () => {
    const v = (await form.validateFields()) as {
      programmeId: string;
      domain: string;
      level: 'junior' | 'intermediate' | 'senior';
      trainingHours: number;
      evidenceName?: string;
      evidenceReference?: string;
      evidenceSha256?: string;
    };
    setBusy(true);
    setError(null);
    try {
      const evidence = v.evidenceName?.trim()
        ? [{ name: v.evidenceName.trim(), reference: v.evidenceReference!.trim(), sha256: v.evidenceSha256!.trim().toLowerCase() }]
        : [];
      const answer = await unwrap(
        api.POST('/v1/certification-applications', {
          body: { programmeId: v.programmeId, domain: v.domain, level: v.level, trainingHours: v.trainingHours, evidence },
        }),
      );
      message.success(t('certification.submitted'));
      await queryClient.invalidateQueries({ queryKey: APPLICATIONS_KEY });
      void navigate(`/certification/${answer.id}`);
    } catch (e) {
      setError(refusalText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const heading = (text: string) => (
    <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
      {text}
    </Typography.Title>
  );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('certification.title')}
      </Typography.Title>
      <QueryState query={applications}>
        {(items) => (
          <>
            <Card title={heading(t('certification.myCertificates'))}>
              <List
                dataSource={items.filter((a) => a.certificateNumber)}
                locale={{ emptyText: t('certification.noCertificates') }}
                renderItem={(a) => (
                  <List.Item data-testid="certificate">
                    <Space wrap>
                      <Tag color={a.status === 'issued' ? tone.ok : tone.bad}>{a.certificateNumber}</Tag>
                      <span>
                        {a.domain} · {t(`level.${a.level}`, { defaultValue: a.level })}
                      </span>
                      <Link to={`/verify/${a.certificateNumber}`}>{t('certification.verify')}</Link>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
            <Card title={heading(t('certification.myApplications'))}>
              <List
                dataSource={items}
                locale={{ emptyText: t('certification.noApplications') }}
                renderItem={(a) => (
                  <List.Item data-testid="application">
                    <Space direction="vertical" size={0}>
                      <Link to={`/certification/${a.id}`}>
                        {a.domain} · {t(`level.${a.level}`, { defaultValue: a.level })}
                      </Link>
                      <Space wrap>
                        <ApplicationStatusTag status={a.status} />
                        <Typography.Text type="secondary">{formatDateTime(a.submittedAt, i18n.language)}</Typography.Text>
                      </Space>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </>
        )}
      </QueryState>
      {can(me, 'POST /v1/certification-applications') && (
        <Card title={heading(t('certification.apply'))}>
          {error && <Alert type="error" role="alert" showIcon title={t('agreement.refused')} description={error} style={{ marginBottom: 12 }} />}
          <Form name="certify" form={form} layout="vertical" initialValues={{ trainingHours: 120 }}>
            <Form.Item name="programmeId" label={t('certification.programme')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={programmes.isPending}
                options={(programmes.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              />
            </Form.Item>
            <Form.Item name="domain" label={t('certification.domain')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={(programme?.domains ?? []).map((d) => ({ value: d, label: d }))} />
            </Form.Item>
            <Form.Item name="level" label={t('certification.level')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={levels.map((l) => ({ value: l, label: t(`level.${l}`, { defaultValue: l }) }))} />
            </Form.Item>
            <Form.Item name="trainingHours" label={t('certification.trainingHours')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100000} />
            </Form.Item>
            <Form.Item name="evidenceName" label={t('certification.evidenceName')}>
              <Input />
            </Form.Item>
            <Form.Item name="evidenceReference" label={t('certification.evidenceReference')} rules={[{ required: !!evidenceName?.trim(), type: 'url' }]}>
              <Input placeholder="https://" />
            </Form.Item>
            <Form.Item
              name="evidenceSha256"
              label={t('certification.evidenceSha256')}
              extra={t('certification.evidenceSha256Help')}
              rules={[{ required: !!evidenceName?.trim(), pattern: /^[0-9a-fA-F]{64}$/ }]}
            >
              <Input />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void submit()}>
              {t('certification.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
