import type { ChatStatus } from 'ai';
import { useEffect, useRef } from 'react';

export const isBusy = (status: ChatStatus) => status === 'submitted' || status === 'streaming';

/** Calls the handler each time a request of useChat ends (finished, stopped, failed or found nothing to resume). */
export function useTurnSettled(status: ChatStatus, handler: () => void) {
  const previous = useRef(status);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (isBusy(was) && !isBusy(status)) latest.current();
  }, [status]);
}
