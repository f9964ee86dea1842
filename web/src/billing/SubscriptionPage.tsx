import { useCallback, useEffect, useState } from 'react';
import { changeSubscription, getSubscription } from '../api/account';
import type { Subscription, Tier } from '../api/types';
import { emit } from '../app/events';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { TierCard, tierName, tierOrder } from './TierCard';
import './billing.css';

type Load = { state: 'loading' } | { state: 'ready'; subscription: Subscription } | { state: 'unavailable'; message: string };

/** What the server offers; a server too old to say offers what has a price. */
function availableTiers(subscription: Subscription): Tier[] {
  if (subscription.available_tiers) return subscription.available_tiers;
  return tierOrder.filter((tier) => tier === 'FREE' || (tier !== 'ENTERPRISE' && (subscription.tier_costs[tier] ?? 0) > 0));
}

const effectiveDate = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' }) : 'the end of the billing period');

/**
 * Tier cards with the current plan marked; choosing a paid tier from FREE goes to Stripe Checkout (the server returns
 * its URL), other changes apply at once (upgrades) or at period end (downgrades, shown as a pending-change banner
 * whose "keep my tier" re-selects the current tier, which cancels the scheduled change).
 */
export function SubscriptionPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useDocumentTitle('Subscription');

  const refresh = useCallback(async () => {
    try {
      setLoad({ state: 'ready', subscription: await getSubscription() });
    } catch (failure) {
      setLoad({ state: 'unavailable', message: failure instanceof Error ? failure.message : String(failure) });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const outcome = new URLSearchParams(window.location.search).get('checkout');
    if (outcome === 'success') setMessage({ text: 'Payment received: your new plan is active as soon as Stripe confirms it.', error: false });
    if (outcome === 'cancelled') setMessage({ text: 'Checkout was cancelled; your plan is unchanged.', error: false });
    const topUp = new URLSearchParams(window.location.search).get('topup');
    if (topUp === 'success') setMessage({ text: 'Payment received: your credits are added as soon as Stripe confirms it.', error: false });
    if (topUp === 'cancel') setMessage({ text: 'Checkout was cancelled; no credits were bought.', error: false });
  }, [refresh]);

  async function choose(tier: Tier, keep = false) {
    setBusy(true);
    setMessage(null);
    try {
      const result = await changeSubscription(tier);
      if (result.url) {
        window.location.assign(result.url);
        return;
      }
      setLoad({ state: 'ready', subscription: result });
      emit('usage-changed');
      setMessage({
        text: keep
          ? `You stay on ${tierName(result.tier)}.`
          : result.pending_tier
            ? `Your plan changes to ${tierName(result.pending_tier)} on ${effectiveDate(result.pending_tier_effective_at)}.`
            : `Your plan is now ${tierName(result.tier)}.`,
        error: false,
      });
    } catch (failure) {
      setMessage({ text: failure instanceof Error ? failure.message : String(failure), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    // Focusable because it scrolls: on a phone the plans may hold no control a keyboard could scroll them by.
    <main id="main-content" className="subscription-page" tabIndex={0} aria-labelledby="subscription-title">
      <h1 id="subscription-title">Subscription</h1>
      {load.state === 'loading' && <p role="status">Loading your plan…</p>}
      {load.state === 'unavailable' && (
        <p role="alert" className="error">
          Subscriptions are unavailable right now ({load.message}).
        </p>
      )}
      {load.state === 'ready' && (
        <>
          {load.subscription.pending_tier && (
            <div className="pending-banner" role="region" aria-label="Scheduled plan change" data-testid="pending-change">
              <p>
                Your plan changes from {tierName(load.subscription.tier)} to {tierName(load.subscription.pending_tier)} on{' '}
                {effectiveDate(load.subscription.pending_tier_effective_at)}.
              </p>
              <button type="button" onClick={() => void choose(load.subscription.tier, true)} disabled={busy}>
                Keep my {tierName(load.subscription.tier)} plan
              </button>
            </div>
          )}
          {load.subscription.payments_enabled === false && load.subscription.tier !== 'ENTERPRISE' && (
            <p className="payments-off" role="note" data-testid="payments-off">
              Paid plans cannot be bought on this server: payments are not set up. An administrator can change your plan.
            </p>
          )}
          <ul className="tier-cards" aria-label="Plans">
            {tierOrder.map((tier) => (
              <TierCard
                key={tier}
                tier={tier}
                current={load.subscription.tier}
                pending={load.subscription.pending_tier}
                monthlyCents={load.subscription.tier_costs[tier]}
                available={availableTiers(load.subscription).includes(tier)}
                busy={busy}
                onChoose={(chosen) => void choose(chosen)}
              />
            ))}
          </ul>
        </>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'success'}>
          {message.text}
        </p>
      )}
    </main>
  );
}
