import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const agreementColors: Record<string, string> = { in_progress: 'processing', effective: 'success', declined: 'error', voided: 'default', expired: 'warning' };
const partyColors: Record<string, string> = { pending: 'processing', signed: 'success', approved: 'success', declined: 'error', waiting: 'default', notified: 'cyan' };

export function AgreementStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={agreementColors[status] ?? 'default'}>{t(`agreementStatus.${status}`, { defaultValue: status })}</Tag>;
}

export function PartyStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={partyColors[state] ?? 'default'}>{t(`partyState.${state}`, { defaultValue: state })}</Tag>;
}
