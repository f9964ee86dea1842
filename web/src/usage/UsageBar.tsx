import { useCallback, useEffect, useState } from 'react';
import { getUsage, resetDailyUsage } from '../api/account';
import type { Usage, UsageWindow } from '../api/types';
import { useAppEvent } from '../app/events';
import { formatCents, formatPercent, formatResetTime } from './format';

function Meter({ label, window }: { label: string; window: UsageWindow }) {
  const percent = Math.min(100, Math.max(0, window.percent_used));
  const resets = formatResetTime(window.resets_at);
  return (
    <div className="usage-meter" data-testid={`usage-${label.toLowerCase()}`}>
      <span className="usage-label">{label}</span>
      <div
        className="usage-track"
        role="progressbar"
        aria-label={`${label} usage`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${formatPercent(percent)} used, resets ${resets}`}
      >
        <div className={`usage-fill${percent >= 100 ? ' full' : percent >= 80 ? ' high' : ''}`} ref={(bar) => bar?.style.setProperty('width', `${percent}%`)} />
      </div>
      <span className="usage-text">
        {formatPercent(percent)} used · resets {resets}
      </span>
    </div>
  );
}

/**
 * How much of today's and this week's allowance is used (percent only: the server never reveals spend), and the
 * paid reset of the daily window once it is exhausted. Hidden when the usage service cannot answer.
 */
export function UsageBar() {
  const [usage, setUsage] = useState<Usage | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setUsage(await getUsage());
    } catch {
      setUsage(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAppEvent('usage-changed', () => void refresh());

  async function reset() {
    setResetting(true);
    setMessage(null);
    try {
      const result = await resetDailyUsage();
      setUsage(result.usage);
      setMessage(`Daily limit reset for ${formatCents(result.credits_charged)}. Balance: ${formatCents(result.remaining_balance)}.`);
    } catch (failure) {
      setMessage(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setResetting(false);
    }
  }

  if (!usage || (!usage.daily && !usage.weekly)) return null;
  const dailyExhausted = (usage.daily?.percent_used ?? 0) >= 100;
  const weeklyExhausted = (usage.weekly?.percent_used ?? 0) >= 100;
  return (
    <section className="usage-bar" aria-label="Usage">
      {usage.daily && <Meter label="Today" window={usage.daily} />}
      {usage.weekly && <Meter label="Week" window={usage.weekly} />}
      {dailyExhausted && !weeklyExhausted && usage.reset_cost > 0 && (
        <button type="button" onClick={() => void reset()} disabled={resetting}>
          {resetting ? 'Resetting…' : `Reset today's limit for ${formatCents(usage.reset_cost)}`}
        </button>
      )}
      {message && (
        <p role="status" className="usage-message">
          {message}
        </p>
      )}
    </section>
  );
}
