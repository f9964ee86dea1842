import { apiJson, json } from './http';
import type { Credits, Subscription, Tier, TopUpStarted, Usage, UsageResetResponse } from './types';

export const getUsage = () => apiJson<Usage>('/api/usage');

export const resetDailyUsage = () => apiJson<UsageResetResponse>('/api/usage/reset', { method: 'POST' });

export const getSubscription = () => apiJson<Subscription>('/api/credits/subscription');

export function changeSubscription(tier: Tier) {
  const back = `${window.location.origin}/subscription`;
  return apiJson<Subscription>('/api/credits/subscription', {
    method: 'POST',
    ...json({ tier, success_url: `${back}?checkout=success`, cancel_url: `${back}?checkout=cancelled` }),
  });
}

export const getCredits = () => apiJson<Credits>('/api/credits');

/** Starts a Stripe Checkout for credits; the answer is the page to send the browser to. */
export const startTopUp = (amountCents: number) =>
  apiJson<TopUpStarted>('/api/credits', { method: 'POST', ...json({ credit_amount: amountCents }) });
