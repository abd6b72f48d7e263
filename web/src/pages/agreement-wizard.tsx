// Launch an agreement (the secretariat): kind and title, the document (typed, or a text file read in the
// browser), parties picked from the alliance's members and arranged into routing groups, and a policy
// preset or ISO 8601 durations. One form across the steps, so the API's field errors (`/parties/0/role`)
// land next to their fields on whichever step holds them.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Form, Input, InputNumber, Radio, Select, Space, Steps, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMembers, useMyAlliance } from '../api/alliance';
import { api, newIdempotencyKey } from '../api/client';
import { Problem, unwrap } from '../api/problem';
import { QueryState } from '../components/query-state';
import { useMe } from '../session/me';

const KINDS = ['cooperation_memorandum', 'co_education_project', 'alliance_charter', 'tripartite_placement'] as const;
type Kind = (typeof KINDS)[number];
type Role = 'signer' | 'approver' | 'cc';

interface PolicyFields {
  deadline: string;
  firstAfter: string;
  every: string;
  max: number;
}
const PRESETS: Record<'standard' | 'short' | 'long', PolicyFields> = {
  standard: { deadline: 'P14D', firstAfter: 'P3D', every: 'P3D', max: 4 },
  short: { deadline: 'P7D', firstAfter: 'P1D', every: 'P1D', max: 6 },
  long: { deadline: 'P30D', firstAfter: 'P7D', every: 'P7D', max: 4 },
};

interface WizardValues {
  kind: Kind;
  title: string;
  documentMode: 'text' | 'file';
  documentText: string;
  parties: { organizationId?: string; role: Role; routingGroup: number }[];
  preset: keyof typeof PRESETS;
  policy: PolicyFields;
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** `/parties/0/role` → ['parties', 0, 'role'], onto this form's field names. */
function fieldName(pointer: string): (string | number)[] | null {
  const parts = pointer
    .replace(/^\//, '')
    .split('/')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'document') return ['documentText'];
  if (parts[0] === 'policy') return parts[1] === 'reminders' ? ['policy', String(parts[2] ?? 'every')] : ['policy', String(parts[1] ?? 'deadline')];
  if (parts[0] === 'title' || parts[0] === 'kind') return [parts[0]];
  if (parts[0] === 'parties' && typeof parts[1] === 'number')
    return ['parties', parts[1], parts[2] === 'role' || parts[2] === 'routingGroup' ? parts[2] : 'organizationId'];
  return null;
}

export default function AgreementWizardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const alliance = useMyAlliance(me?.organization?.id);
  const members = useMembers(alliance.data?.id);
  const [form] = Form.useForm<WizardValues>();
  const [current, setCurrent] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);
  // "Launch anyway" is another request than the refused one: its own key, so the refusal kept for the
  // first key is not what it gets back.
  const [anywayKey] = useState(newIdempotencyKey);
  const parties = Form.useWatch('parties', form) ?? [];
  const documentMode = Form.useWatch('documentMode', form) ?? 'text';

  const steps = [t('wizard.stepBasics'), t('wizard.stepDocument'), t('wizard.stepParties'), t('wizard.stepPolicy')];
  const stepFields: (string | number)[][][] = [
    [['kind'], ['title']],
    [['documentText']],
    parties.flatMap((_, i) => [
      ['parties', i, 'organizationId'],
      ['parties', i, 'role'],
      ['parties', i, 'routingGroup'],
    ]),
    [
      ['policy', 'deadline'],
      ['policy', 'firstAfter'],
      ['policy', 'every'],
      ['policy', 'max'],
    ],
  ];
  const memberName = useMemo(() => new Map((members.data ?? []).map((o) => [o.id, o.name])), [members.data]);
  const groups = [...new Set(parties.map((p) => p?.routingGroup ?? 1))].sort((a, b) => a - b);

  const next = async () => {
    try {
      await form.validateFields(stepFields[current]);
      setCurrent((c) => c + 1);
    } catch {
      // the fields show their messages
    }
  };

  const submit = async (allowUnreachableParties = false) => {
    const values = form.getFieldsValue(true) as WizardValues;
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        allianceId: alliance.data!.id,
        kind: values.kind,
        title: values.title,
        document: { text: values.documentText },
        parties: values.parties.map((p, i) => ({
          partyId: `party-${i + 1}`,
          displayName: memberName.get(p.organizationId ?? '') ?? `party ${i + 1}`,
          organizationId: p.organizationId!,
          role: p.role,
          routingGroup: p.routingGroup,
        })),
        policy: {
          deadline: values.policy.deadline,
          reminders: { firstAfter: values.policy.firstAfter, every: values.policy.every, max: values.policy.max },
        },
        ...(allowUnreachableParties ? { allowUnreachableParties } : {}),
      };
      const key = allowUnreachableParties ? anywayKey : idempotencyKey;
      const launched = await unwrap(api.POST('/v1/agreements', { body, headers: { 'Idempotency-Key': key } }));
      await queryClient.invalidateQueries({ queryKey: ['agreements'] });
      if (launched.unreachableParties.length > 0) {
        message.warning(t('wizard.launchedUnreachable', { parties: launched.unreachableParties.map((p) => p.displayName).join('、') }));
      } else {
        message.success(t('wizard.launched'));
      }
      void navigate(`/agreements/${launched.id}`);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      setProblem(error);
      const placed = error.fieldErrors.flatMap((e) => {
        const name = fieldName(e.path);
        return name ? [{ name, errors: [e.message] }] : [];
      });
      form.setFields(placed as Parameters<typeof form.setFields>[0]);
    } finally {
      setBusy(false);
    }
  };

  /** The refused parties by the names the secretariat picked them by. */
  const unreachableNames = (p: Problem): string => {
    const listed = Array.isArray(p.body.unreachableParties) ? (p.body.unreachableParties as { organizationId?: string | null; partyId: string }[]) : [];
    return listed.map((u) => memberName.get(u.organizationId ?? '') ?? u.partyId).join('、');
  };

  const readFile = async (file: File) => {
    form.setFieldValue('documentText', await file.text());
    void form.validateFields([['documentText']]);
    return false; // read here, never uploaded anywhere
  };

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('wizard.title')}
      </Typography.Title>
      <Steps current={current} items={steps.map((title) => ({ title }))} style={{ margin: '16px 0 24px' }} responsive />
      {problem && (
        <Alert
          type="error"
          role="alert"
          showIcon
          style={{ marginBottom: 16 }}
          title={problem.code === 'unreachable-party' ? t('wizard.unreachable', { parties: unreachableNames(problem) }) : problem.detail}
          description={
            problem.code !== 'unreachable-party' && problem.fieldErrors.length
              ? problem.fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ')
              : undefined
          }
          action={
            // Nobody may act for some party yet (an organisation without an active signatory): the
            // secretariat may still launch, knowing the agreement cannot finish until someone can.
            problem.code === 'unreachable-party' ? (
              <Button danger loading={busy} onClick={() => void submit(true)}>
                {t('wizard.launchAnyway')}
              </Button>
            ) : undefined
          }
        />
      )}
      <QueryState query={members}>
        {(list) => (
          <Form<WizardValues>
            form={form}
            layout="vertical"
            preserve
            initialValues={{
              kind: 'cooperation_memorandum',
              documentMode: 'text',
              parties: [{ role: 'signer', routingGroup: 1 }],
              preset: 'standard',
              policy: PRESETS.standard,
            }}
          >
            <div hidden={current !== 0}>
              <Form.Item label={t('wizard.kind')} name="kind" rules={[{ required: true }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: t(`agreementKind.${k}`) }))} />
              </Form.Item>
              <Form.Item label={t('wizard.agreementTitle')} name="title" rules={[{ required: true, whitespace: true, max: 300 }]}>
                <Input />
              </Form.Item>
            </div>
            <div hidden={current !== 1}>
              <Form.Item label={t('wizard.documentMode')} name="documentMode">
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'text', label: t('wizard.modeText') },
                    { value: 'file', label: t('wizard.modeFile') },
                  ]}
                />
              </Form.Item>
              {documentMode === 'file' && (
                <Form.Item label={t('wizard.documentUpload')} extra={t('wizard.uploadHint')}>
                  <Upload accept=".txt,.md,text/plain,text/markdown" maxCount={1} beforeUpload={(file) => readFile(file)}>
                    <Button>{t('wizard.documentUpload')}</Button>
                  </Upload>
                </Form.Item>
              )}
              <Form.Item label={t('wizard.documentText')} name="documentText" rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={8} />
              </Form.Item>
            </div>
            <div hidden={current !== 2}>
              <Typography.Paragraph type="secondary">{t('wizard.groupHelp')}</Typography.Paragraph>
              <Form.List
                name="parties"
                rules={[{ validator: async (_, value: unknown[]) => (value?.length ? undefined : Promise.reject(new Error(t('wizard.partiesRequired')))) }]}
              >
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field, index) => (
                      <Space key={field.key} align="start" wrap data-testid={`party-row-${index}`} style={{ display: 'flex', marginBottom: 8 }}>
                        <Form.Item label={t('wizard.organization')} name={[field.name, 'organizationId']} rules={[{ required: true }]}>
                          <Select
                            showSearch
                            optionFilterProp="label"
                            style={{ width: 320, maxWidth: '80vw' }}
                            options={list.map((o) => ({ value: o.id, label: `${o.name} · ${t(`orgKind.${o.kind}`)}` }))}
                          />
                        </Form.Item>
                        <Form.Item label={t('wizard.role')} name={[field.name, 'role']} rules={[{ required: true }]}>
                          <Select
                            style={{ width: 110 }}
                            options={(['signer', 'approver', 'cc'] as const).map((r) => ({ value: r, label: t(`partyRole.${r}`) }))}
                          />
                        </Form.Item>
                        <Form.Item label={t('wizard.group')} name={[field.name, 'routingGroup']} rules={[{ required: true }]}>
                          <InputNumber min={1} max={100} style={{ width: 90 }} />
                        </Form.Item>
                        <Form.Item label=" ">
                          <Space.Compact>
                            <Button
                              aria-label={`${t('wizard.moveEarlier')} ${index + 1}`}
                              icon={<ArrowUpOutlined />}
                              onClick={() => form.setFieldValue(['parties', field.name, 'routingGroup'], Math.max(1, (parties[index]?.routingGroup ?? 1) - 1))}
                            />
                            <Button
                              aria-label={`${t('wizard.moveLater')} ${index + 1}`}
                              icon={<ArrowDownOutlined />}
                              onClick={() =>
                                form.setFieldValue(['parties', field.name, 'routingGroup'], Math.min(100, (parties[index]?.routingGroup ?? 1) + 1))
                              }
                            />
                            <Button aria-label={`${t('wizard.remove')} ${index + 1}`} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                          </Space.Compact>
                        </Form.Item>
                      </Space>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ role: 'signer', routingGroup: Math.max(1, ...parties.map((p) => p?.routingGroup ?? 1)) })}
                    >
                      {t('wizard.addParty')}
                    </Button>
                  </>
                )}
              </Form.List>
              <Card size="small" style={{ marginTop: 16 }} title={t('agreement.routing')}>
                <Steps
                  direction="vertical"
                  size="small"
                  items={groups.map((g) => ({
                    title: t('wizard.groupLabel', { group: g }),
                    status: 'wait' as const,
                    description: (
                      <Space wrap>
                        {parties
                          .filter((p) => (p?.routingGroup ?? 1) === g)
                          .map((p, i) => (
                            <Tag key={i}>
                              {memberName.get(p?.organizationId ?? '') ?? '…'} · {t(`partyRole.${p?.role ?? 'signer'}`)}
                            </Tag>
                          ))}
                      </Space>
                    ),
                  }))}
                />
              </Card>
            </div>
            <div hidden={current !== 3}>
              <Form.Item label={t('wizard.preset')} name="preset">
                <Radio.Group
                  onChange={(e) => form.setFieldValue('policy', PRESETS[e.target.value as keyof typeof PRESETS])}
                  options={(['standard', 'short', 'long'] as const).map((p) => ({ value: p, label: t(`wizard.preset${p[0]!.toUpperCase()}${p.slice(1)}`) }))}
                />
              </Form.Item>
              <Collapse
                items={[
                  {
                    key: 'advanced',
                    label: t('wizard.advanced'),
                    forceRender: true,
                    children: (
                      <Space wrap>
                        {(['deadline', 'firstAfter', 'every'] as const).map((name) => (
                          <Form.Item
                            key={name}
                            label={t(name === 'deadline' ? 'wizard.deadline' : name === 'firstAfter' ? 'wizard.firstReminder' : 'wizard.reminderEvery')}
                            name={['policy', name]}
                            rules={[{ required: true, pattern: ISO_DURATION, message: 'ISO 8601: P14D, PT2H' }]}
                          >
                            <Input style={{ width: 140 }} />
                          </Form.Item>
                        ))}
                        <Form.Item label={t('wizard.reminderMax')} name={['policy', 'max']} rules={[{ required: true }]}>
                          <InputNumber min={0} max={100} />
                        </Form.Item>
                      </Space>
                    ),
                  },
                ]}
              />
            </div>
          </Form>
        )}
      </QueryState>
      <Space style={{ marginTop: 24 }}>
        {current > 0 && <Button onClick={() => setCurrent((c) => c - 1)}>{t('wizard.previous')}</Button>}
        {current < steps.length - 1 && (
          <Button type="primary" onClick={() => void next()}>
            {t('wizard.next')}
          </Button>
        )}
        {current === steps.length - 1 && (
          <Button
            type="primary"
            loading={busy}
            onClick={() =>
              void form.validateFields().then(
                () => submit(),
                () => undefined,
              )
            }
          >
            {t('wizard.submit')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
