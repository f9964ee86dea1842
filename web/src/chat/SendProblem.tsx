import { useState } from 'react';
import { followLink } from '../app/router';
import { formatCents, formatResetTime } from '../usage/format';
import type { UsageLimit } from './useUsageLimit';

export interface Problem {
  /** The server's reason, or ours. */
  text: string;
  /** The message was not sent and is back in the composer. */
  kept: boolean;
}

interface Props {
  problem: Problem | null;
  limit: UsageLimit | null;
  buyReset: () => Promise<string>;
  onDismiss: () => void;
}

/**
 * Above the composer: why the last send failed (its text is back in the box), and while a usage limit is reached,
 * when it resets and what the user can do now (buy a reset of the day, or look at plans).
 */
export function SendProblem({ problem, limit, buyReset, onDismiss }: Props) {
  const [resetting, setResetting] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (!problem && !limit && !outcome) return null;

  async function reset() {
    setResetting(true);
    try {
      setOutcome(await buyReset());
      onDismiss();
    } catch (failure) {
      setOutcome(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setResetting(false);
    }
  }

  return (
    <div className={`send-problem${limit ? ' limit' : ''}`} role="alert" data-testid="send-problem">
      {problem && <p className="send-problem-reason">{problem.text}</p>}
      {limit && !problem && <p className="send-problem-reason">You've reached your {limit.window === 'daily' ? 'daily' : 'weekly'} usage limit.</p>}
      {problem?.kept && <p>Your message was not sent. It is still in the box below.</p>}
      {limit && (
        <p data-testid="limit-resets">
          You can send again when it resets, {formatResetTime(limit.resetsAt)}.{' '}
          {limit.window === 'daily' && limit.resetCost === null && 'A paid reset is not available for your plan.'}
        </p>
      )}
      {outcome && <p role="status">{outcome}</p>}
      <div className="send-problem-actions">
        {limit?.resetCost != null && (
          <button type="button" onClick={() => void reset()} disabled={resetting}>
            {resetting ? 'Resetting…' : `Reset today's limit now for ${formatCents(limit.resetCost)}`}
          </button>
        )}
        {limit && (
          <a href="/subscription" onClick={followLink}>
            See plans
          </a>
        )}
        {problem && !limit && (
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}

