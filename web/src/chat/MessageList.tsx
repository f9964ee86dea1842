import { useEffect, useLayoutEffect, useRef } from 'react';
import { MessageBubble } from './MessageBubble';
import type { ChatMessage } from './messages';

interface Props {
  messages: ChatMessage[];
  streaming: boolean;
  waiting: boolean;
  hasMore: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  loadOlder: () => Promise<boolean>;
}

const nearBottom = (element: HTMLElement) => element.scrollHeight - element.scrollTop - element.clientHeight < 80;

/**
 * The conversation: follows the newest text while the reader is at the bottom, and loads older pages when the top
 * comes into view (or on the button, for keyboard users) without moving what the reader is looking at.
 */
export function MessageList({ messages, streaming, waiting, hasMore, loadingOlder, olderError, loadOlder }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const distanceFromBottom = useRef<number | null>(null);

  async function loadKeepingPosition() {
    const element = scroller.current;
    if (!element) return;
    distanceFromBottom.current = element.scrollHeight - element.scrollTop;
    if (!(await loadOlder())) distanceFromBottom.current = null;
  }

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (distanceFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - distanceFromBottom.current;
      distanceFromBottom.current = null;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [messages, waiting]);

  const load = useRef(loadKeepingPosition);
  load.current = loadKeepingPosition;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void load.current();
    }, { root: scroller.current, rootMargin: '200px 0px 0px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, messages.length]);

  const lastUser = messages.findLast((message) => message.role === 'user');
  return (
    <div className="messages" ref={scroller} onScroll={(event) => (stickToBottom.current = nearBottom(event.currentTarget))}>
      {hasMore && (
        <div ref={sentinel} className="older">
          <button type="button" className="link-button" onClick={() => void loadKeepingPosition()} disabled={loadingOlder}>
            {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
          </button>
        </div>
      )}
      {olderError && (
        <p role="alert" className="error">
          {olderError}
        </p>
      )}
      <div role="log" aria-live="polite" aria-relevant="additions text" aria-label="Conversation" className="log">
        {messages.length === 0 && !waiting && <p className="empty">Ask anything to start.</p>}
        {messages.map((message, index) => {
          const last = index === messages.length - 1;
          return (
            <MessageBubble
              key={message.id}
              message={message}
              streaming={streaming && last && message.role === 'assistant'}
              replyTo={last && message.role !== 'user' ? lastUser : undefined}
            />
          );
        })}
        {waiting && <p className="typing">Copilot is thinking…</p>}
      </div>
    </div>
  );
}
