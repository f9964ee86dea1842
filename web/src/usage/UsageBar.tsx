import { useEffect, useState } from 'react';
import type { UsageWindow } from '../api/types';
import { useIsPhone } from '../app/useMediaQuery';
import { formatPercent, formatResetTime } from './format';
import { PaidReset } from './PaidReset';
import { useUsage } from './useUsage';
import './usage.css';

const fillClass = (percent: number) => `usage-fill${percent >= 100 ? ' full' : percent >= 80 ? ' high' : ''}`;

const clamp = (percent: number) => Math.min(100, Math.max(0, percent));

function Meter({ label, window }: { label: string; window: UsageWindow }) {
  const percent = clamp(window.percent_used);
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
        <div className={fillClass(percent)} ref={(bar) => bar?.style.setProperty('width', `${percent}%`)} />
      </div>
      <span className="usage-text">
        {formatPercent(percent)} used · resets {resets}
      </span>
    </div>
  );
}

/**
 * How much of today's and this week's allowance is used (percent only: the server never reveals spend), and the
 * paid reset of the daily window once it is exhausted. On a phone it is one small meter of the fuller window that
 * opens the details on a tap. Hidden when the usage service cannot answer.
 */
export function UsageBar() {
  const { usage, setUsage } = useUsage();
  const [expanded, setExpanded] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const isPhone = useIsPhone();

  // On a phone the details open by themselves when there is something to act on or to read.
  const exhausted = !!usage && Math.max(usage.daily?.percent_used ?? 0, usage.weekly?.percent_used ?? 0) >= 100;
  useEffect(() => {
    if (exhausted || notice) setExpanded(true);
  }, [exhausted, notice]);

  if (!usage || (!usage.daily && !usage.weekly)) return null;
  const dailyExhausted = (usage.daily?.percent_used ?? 0) >= 100;
  const weeklyExhausted = (usage.weekly?.percent_used ?? 0) >= 100;
  const details = (
    <>
      {usage.daily && <Meter label="Today" window={usage.daily} />}
      {usage.weekly && <Meter label="Week" window={usage.weekly} />}
      {dailyExhausted && !weeklyExhausted && usage.reset_cost > 0 && (
        <PaidReset
          usage={usage}
          onReset={(fresh, text) => {
            setUsage(fresh);
            setNotice(text);
          }}
        />
      )}
      {notice && (
        <p role="status" className="usage-message">
          {notice}
        </p>
      )}
    </>
  );

  if (!isPhone) {
    return (
      <section className="usage-bar" aria-label="Usage">
        {details}
      </section>
    );
  }

  const highest = clamp(Math.max(usage.daily?.percent_used ?? 0, usage.weekly?.percent_used ?? 0));
  return (
    <section className="usage-bar compact" aria-label="Usage">
      <button
        type="button"
        className="usage-summary"
        aria-expanded={expanded}
        aria-controls="usage-details"
        onClick={() => setExpanded((open) => !open)}
        data-testid="usage-summary"
      >
        <span className="usage-label">Usage</span>
        <span className="usage-track mini" aria-hidden="true">
          <span className={fillClass(highest)} ref={(bar) => bar?.style.setProperty('width', `${highest}%`)} />
        </span>
        <span>{formatPercent(highest)}</span>
        <span className="usage-chevron" aria-hidden="true">
          {expanded ? '▴' : '▾'}
        </span>
      </button>
      {expanded && (
        <div id="usage-details" className="usage-details">
          {details}
        </div>
      )}
    </section>
  );
}
