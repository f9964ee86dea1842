import type { Tier } from '../api/types';
import { formatCents } from '../usage/format';

export const tierOrder: Tier[] = ['FREE', 'PRO', 'BUSINESS', 'ENTERPRISE'];

const descriptions: Record<Tier, string> = {
  FREE: 'The basic daily and weekly allowance.',
  PRO: 'A larger allowance for everyday work.',
  BUSINESS: 'The largest self-service allowance.',
  ENTERPRISE: 'Custom limits, managed by an administrator.',
};

export const tierName = (tier: Tier) => tier.charAt(0) + tier.slice(1).toLowerCase();

interface Props {
  tier: Tier;
  current: Tier;
  pending: Tier | null;
  monthlyCents: number | undefined;
  busy: boolean;
  onChoose: (tier: Tier) => void;
}

export function TierCard({ tier, current, pending, monthlyCents, busy, onChoose }: Props) {
  const isCurrent = tier === current;
  const direction = tierOrder.indexOf(tier) > tierOrder.indexOf(current) ? 'Upgrade' : 'Downgrade';
  const headingId = `tier-${tier}`;
  return (
    <li className={`tier-card${isCurrent ? ' current' : ''}`} aria-labelledby={headingId} data-testid="tier-card" data-tier={tier}>
      <h2 id={headingId}>{tierName(tier)}</h2>
      <p className="price">{tier === 'ENTERPRISE' ? 'Custom' : monthlyCents === undefined ? '—' : `${formatCents(monthlyCents)} / month`}</p>
      <p>{descriptions[tier]}</p>
      {isCurrent ? (
        <p className="badge">Current plan</p>
      ) : tier === 'ENTERPRISE' || current === 'ENTERPRISE' ? (
        <p className="hint">Contact your administrator.</p>
      ) : pending === tier ? (
        <p className="badge">Scheduled</p>
      ) : (
        <button type="button" onClick={() => onChoose(tier)} disabled={busy}>
          {direction} to {tierName(tier)}
        </button>
      )}
    </li>
  );
}
