import { useEffect } from 'react';

/** The browser tab's title: the page's own name first, so tabs and history entries tell chats apart. */
export function useDocumentTitle(title: string | null) {
  useEffect(() => {
    document.title = title ? `${title} · Copilot` : 'Copilot';
  }, [title]);
}
