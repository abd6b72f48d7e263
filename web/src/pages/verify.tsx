// Public certificate verification (/verify/<number>, no sign-in; the printed certificate's QR code points
// here): valid, expired, not yet valid, revoked or invalid, with the credential's details and each check.
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, QRCode, Result, Segmented, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { Problem, unwrap } from '../api/problem';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { tone } from '../components/status-tag';
import { type Language, setLanguage } from '../i18n';

interface Credential {
  issuer?: { name?: string };
  validFrom?: string;
  validUntil?: string;
  credentialSubject?: { achievement?: { name?: string; description?: string } };
}

const statusLook = { valid: 'success', expired: 'warning', not_yet_valid: 'info', revoked: 'error', invalid: 'error' } as const;

export default function VerifyPage() {
  const { number = '' } = useParams();
  const { t, i18n } = useTranslation();
  const verification = useQuery({
    queryKey: ['verify', number],
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/v1/certificates/{number}/verify', { params: { path: { number } } }));
      } catch (error) {
        if (error instanceof Problem && error.status === 404) return null;
        throw error;
      }
    },
  });
  return (
    <main style={{ maxWidth: 760, margin: '0 auto', padding: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('verify.title')}
        </Typography.Title>
        <Segmented<Language>
          aria-label={t('nav.language')}
          size="small"
          value={i18n.language as Language}
          options={[
            { label: '中文', value: 'zh-CN' },
            { label: 'EN', value: 'en' },
          ]}
          onChange={(value) => setLanguage(value)}
        />
      </div>
      <Typography.Paragraph type="secondary">{t('verify.publicNote')}</Typography.Paragraph>
      <QueryState query={verification}>
        {(found) => {
          if (!found) return <Result status="warning" title={t('verify.notFound', { number })} />;
          const credential = (found.credential ?? {}) as Credential;
          return (
            <Card>
              <Result
                status={statusLook[found.status]}
                title={<span data-testid="verification-status">{t(`verify.${found.status}`)}</span>}
                subTitle={`${t('verify.number')}: ${found.number}`}
                style={{ padding: '16px 0' }}
              />
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('verify.achievement')}>{credential.credentialSubject?.achievement?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('verify.issuer')}>{credential.issuer?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('verify.validFrom')}>{formatDateTime(credential.validFrom, i18n.language)}</Descriptions.Item>
                <Descriptions.Item label={t('verify.validUntil')}>{formatDateTime(credential.validUntil, i18n.language)}</Descriptions.Item>
                <Descriptions.Item label={t('verify.checks')}>
                  <Space wrap>
                    {Object.entries(found.checks).map(([name, value]) => (
                      <Tag key={name} color={value === true || (value as { ok?: boolean })?.ok === true ? tone.ok : value === false ? tone.bad : undefined}>
                        {name}
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
              <Space direction="vertical" align="center" style={{ width: '100%', marginTop: 16 }}>
                <QRCode value={window.location.href} size={128} aria-label={t('verify.qr')} />
                <Typography.Text type="secondary">{t('verify.qr')}</Typography.Text>
              </Space>
            </Card>
          );
        }}
      </QueryState>
    </main>
  );
}
