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

const placementColors: Record<string, string> = {
  offered: tone.info,
  agreement_pending: tone.busy,
  awaiting_start: tone.busy,
  active: tone.ok,
  final_evaluation: tone.busy,
  completed: tone.ok,
  declined: tone.bad,
  offer_expired: tone.warn,
  agreement_failed: tone.bad,
  terminated: tone.bad,
  transferred: tone.warn,
};
export function PlacementStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={placementColors[status]}>{t(`placementStatus.${status}`, { defaultValue: status })}</Tag>;
}

const applicationColors: Record<string, string> = {
  eligibility_check: tone.busy,
  awaiting_exam: tone.busy,
  formal_review: tone.busy,
  panel_review: tone.busy,
  appeal_review: tone.busy,
  changes_requested: tone.warn,
  public_notice: tone.info,
  rejected: tone.bad,
  lapsed: tone.warn,
  issued: tone.ok,
  revoked: tone.bad,
  expired: tone.warn,
};
export function ApplicationStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={applicationColors[status]}>{t(`applicationStatus.${status}`, { defaultValue: status })}</Tag>;
}
