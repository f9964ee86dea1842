import { useCallback } from 'react';
import { resetDailyUsage } from '../api/account';
import type { Usage } from '../api/types';
import { emit } from '../app/events';
import { formatCents } from '../usage/format';
import { useUsage } from '../usage/useUsage';

export interface UsageLimit {
  window: 'daily' | 'weekly';
  resetsAt: string;
  /** The paid reset of the daily window, in cents, when the server offers it for this limit. */
  resetCost: number | null;
}

/** Which allowance is used up, if any (the weekly one wins: a daily reset cannot help then). */
export function limitOf(usage: Usage | null): UsageLimit | null {
  if (!usage) return null;
  if (usage.weekly && usage.weekly.percent_used >= 100) return { window: 'weekly', resetsAt: usage.weekly.resets_at, resetCost: null };
  if (usage.daily && usage.daily.percent_used >= 100) {
    return { window: 'daily', resetsAt: usage.daily.resets_at, resetCost: usage.reset_cost > 0 ? usage.reset_cost : null };
  }
  return null;
}

/**
 * The user's usage as the composer needs it: whether a limit is reached, and the paid daily reset. Usage unknown
 * means no limit shown: the server still refuses a turn over the limit, and the composer shows that refusal.
 */
export function useUsageLimit() {
  const { usage, setUsage, refresh } = useUsage();

  /** Buys a reset of today's allowance; resolves to what to tell the user. */
  const buyReset = useCallback(async (): Promise<string> => {
    const result = await resetDailyUsage();
    setUsage(result.usage);
    emit('usage-changed');
    return `Daily limit reset for ${formatCents(result.credits_charged)}. You can send your message now.`;
  }, []);

  return { limit: limitOf(usage), refresh, buyReset };
}
