// Status tags in solid colours with white text: antd's light status tags fall short of WCAG AA contrast.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const tone = { ok: '#237804', busy: '#0b5cad', bad: '#c41d1d', warn: '#ad5a00', info: '#1d39c4' } as const;

const agreementColors: Record<string, string> = { in_progress: tone.busy, effective: tone.ok, declined: tone.bad, expired: tone.warn };
const partyColors: Record<string, string> = { pending: tone.busy, signed: tone.ok, approved: tone.ok, declined: tone.bad, notified: tone.info };

export function AgreementStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={agreementColors[status]}>{t(`agreementStatus.${status}`, { defaultValue: status })}</Tag>;
}

export function PartyStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={partyColors[state]}>{t(`partyState.${state}`, { defaultValue: state })}</Tag>;
}
