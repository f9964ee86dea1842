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
  /** Whether the server would let the user choose this tier now (on sale, payments on). */
  available: boolean;
  busy: boolean;
  onChoose: (tier: Tier) => void;
}

/** The price as the server knows it: a paid plan without a price is never shown as free. */
function priceText(tier: Tier, monthlyCents: number | undefined) {
  if (tier === 'ENTERPRISE') return 'Custom';
  if (monthlyCents === undefined || (tier !== 'FREE' && monthlyCents <= 0)) return '—';
  return `${formatCents(monthlyCents)} / month`;
}

export function TierCard({ tier, current, pending, monthlyCents, available, busy, onChoose }: Props) {
  const isCurrent = tier === current;
  const direction = tierOrder.indexOf(tier) > tierOrder.indexOf(current) ? 'Upgrade' : 'Downgrade';
  const headingId = `tier-${tier}`;
  return (
    <li className={`tier-card${isCurrent ? ' current' : ''}`} aria-labelledby={headingId} data-testid="tier-card" data-tier={tier}>
      <h2 id={headingId}>{tierName(tier)}</h2>
      <p className="price">{priceText(tier, monthlyCents)}</p>
      <p>{descriptions[tier]}</p>
      {isCurrent ? (
        <p className="badge">Current plan</p>
      ) : tier === 'ENTERPRISE' || current === 'ENTERPRISE' ? (
        <p className="hint">Contact your administrator.</p>
      ) : pending === tier ? (
        <p className="badge">Scheduled</p>
      ) : !available ? (
        <p className="hint unavailable" data-testid="tier-unavailable">
          Not available
        </p>
      ) : (
        <button type="button" onClick={() => onChoose(tier)} disabled={busy}>
          {direction} to {tierName(tier)}
        </button>
      )}
    </li>
  );
}
