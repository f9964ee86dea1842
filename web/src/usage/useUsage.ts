import { useCallback, useEffect, useState } from 'react';
import { getUsage } from '../api/account';
import type { Usage } from '../api/types';
import { useAppEvent } from '../app/events';

/** The user's usage from the server, read on mount and again whenever something says it changed; null when unknown. */
export function useUsage() {
  const [usage, setUsage] = useState<Usage | null>(null);

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

  return { usage, setUsage, refresh };
}
