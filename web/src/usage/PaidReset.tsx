import { useState } from 'react';
import { getCredits, resetDailyUsage, startTopUp } from '../api/account';
import { ApiError } from '../api/http';
import type { Usage } from '../api/types';
import { formatCents, formatResetTime } from './format';

type Outcome =
  | { kind: 'failed'; text: string }
  | { kind: 'short'; balance: number; topUpCents: number | null };

/**
 * The paid reset of an exhausted day. When the balance does not cover it, the reader is offered credits through
 * Stripe Checkout if this server takes payments, and told plainly when the limit frees up otherwise.
 */
/** onReset gets the fresh usage and what to tell the reader; the day is no longer exhausted, so this goes away. */
export function PaidReset({ usage, onReset }: { usage: Usage; onReset: (usage: Usage, notice: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const resetsAt = usage.daily ? formatResetTime(usage.daily.resets_at) : 'tomorrow';

  async function reset() {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await resetDailyUsage();
      onReset(result.usage, `Daily limit reset for ${formatCents(result.credits_charged)}. Balance: ${formatCents(result.remaining_balance)}.`);
    } catch (failure) {
      setOutcome(failure instanceof ApiError && failure.status === 402 ? await shortOfCredits() : { kind: 'failed', text: errorText(failure) });
    } finally {
      setBusy(false);
    }
  }

  async function shortOfCredits(): Promise<Outcome> {
    const credits = await getCredits().catch(() => null);
    const minimum = credits?.top_up_minimum_cents ?? usage.reset_cost;
    return {
      kind: 'short',
      balance: credits?.credits ?? 0,
      topUpCents: credits?.top_ups_enabled ? Math.max(usage.reset_cost, minimum) : null,
    };
  }

  async function addCredits(amountCents: number) {
    setBusy(true);
    try {
      window.location.assign((await startTopUp(amountCents)).checkout_url);
    } catch (failure) {
      setOutcome({ kind: 'failed', text: errorText(failure) });
      setBusy(false);
    }
  }

  return (
    <div className="paid-reset">
      <button type="button" onClick={() => void reset()} disabled={busy}>
        {busy && outcome?.kind !== 'short' ? 'Resetting…' : `Reset today's limit for ${formatCents(usage.reset_cost)}`}
      </button>
      {outcome?.kind === 'failed' && (
        <p role="alert" className="usage-message error">
          {outcome.text}
        </p>
      )}
      {outcome?.kind === 'short' && (
        <div role="alert" className="credit-notice" data-testid="insufficient-credits">
          <p>
            Not enough credits: the reset costs {formatCents(usage.reset_cost)} and your balance is {formatCents(outcome.balance)}.{' '}
            {outcome.topUpCents === null
              ? `Buying credits is not available on this server, so your daily limit frees up ${resetsAt}.`
              : 'Add credits to reset now.'}
          </p>
          {outcome.topUpCents !== null && (
            <button type="button" onClick={() => void addCredits(outcome.topUpCents!)} disabled={busy}>
              {busy ? 'Opening checkout…' : `Add ${formatCents(outcome.topUpCents)} of credits`}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

const errorText = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));
