import { useChat } from '@ai-sdk/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { cancelTurn, getSession } from '../api/chat';
import { problemText } from '../api/http';
import type { SessionDetail } from '../api/types';
import { announceDataPart, emit } from '../app/events';
import { Composer } from './Composer';
import { takeFirstMessage } from './firstMessage';
import { initialView, toUiMessages, withOlderPages } from './history';
import { MessageList } from './MessageList';
import type { ChatMessage } from './messages';
import { QueuedChips } from './QueuedChips';
import { createTransport } from './transport';
import { useOlderMessages } from './useOlderMessages';
import { usePendingChips } from './usePendingChips';
import { isBusy, useTurnSettled } from './useTurnSettled';

/** How many rows a re-read after a turn fetches: enough to cover the turn and what was on screen before it. */
const REREAD_LIMIT = 200;
/** After Stop the server ends the stream itself; this is how long to wait before simply stopping to listen. */
const STOP_GRACE_MS = 6000;

/** One session's conversation, live: the AI SDK's useChat on our stream endpoints plus queued follow-ups and Stop. */
export function LiveChat({ sessionId, detail }: { sessionId: string; detail: SessionDetail }) {
  const initial = useMemo(() => initialView(detail), [detail]);
  const [notice, setNotice] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const onQueuedByServer = useRef<(text: string) => void>(() => undefined);
  const onDataPart = useRef<(part: { type: string; data: unknown }) => void>(() => undefined);

  const transport = useMemo(() => createTransport(sessionId, (text) => onQueuedByServer.current(text)), [sessionId]);
  const { messages, status, error, setMessages, sendMessage, resumeStream, stop, clearError } = useChat<ChatMessage>({
    id: sessionId,
    messages: initial.messages,
    transport,
    resume: initial.resume,
    experimental_throttle: 40,
    onData: (part) => {
      onDataPart.current(part);
      announceDataPart(sessionId, part);
    },
  });
  const statusRef = useRef(status);
  statusRef.current = status;
  const inFlight = isBusy(status);

  const resume = useCallback(() => void resumeStream(), [resumeStream]);
  const chips = usePendingChips({ sessionId, inFlight, setMessages, resume, onError: setNotice });
  onQueuedByServer.current = chips.queuedByServer;
  onDataPart.current = chips.onDataPart;
  const older = useOlderMessages(sessionId, detail, setMessages);

  // A turn ended (or a resume found none): re-read history so every bubble sits where the server stored it, then
  // attach to a turn that is running now (a follow-up may have started one) or deal with follow-ups still queued.
  useTurnSettled(status, async () => {
    emit('sessions-changed');
    emit('usage-changed');
    try {
      const fresh = await getSession(sessionId, { limit: REREAD_LIMIT });
      if (isBusy(statusRef.current)) return;
      older.coveredFrom(fresh.oldest_sequence, fresh.has_more_messages);
      const view = fresh.active_stream ? initialView(fresh).messages : toUiMessages(fresh.messages);
      setMessages((current) => withOlderPages(current, view, fresh.oldest_sequence));
      if (fresh.active_stream) resume();
      else await chips.afterTurn();
    } catch {
      // The live view stays as streamed; the next turn re-reads.
    }
  });

  useEffect(() => {
    const first = takeFirstMessage(sessionId);
    if (first && !initial.resume) return send(first);
    if (initial.resume) void chips.restore().catch(() => undefined);
    else void chips.afterTurn().catch(() => undefined);
    // Once per mounted session (the view is keyed by session id): chips back after a reload, leftovers delivered.
  }, []);

  useEffect(() => {
    if (!inFlight) setStopping(false);
  }, [inFlight]);

  // Leaving the session only detaches this tab from its stream; the turn itself keeps running on the server.
  useEffect(() => () => void stop(), [stop]);

  function send(text: string) {
    setNotice(null);
    clearError();
    if (inFlight) void chips.queue(text);
    else void sendMessage({ text }).then(() => emit('sessions-changed'));
    emit('sessions-changed');
  }

  async function stopTurn() {
    setStopping(true);
    chips.hold();
    try {
      await cancelTurn(sessionId);
    } catch {
      void stop();
      return;
    }
    window.setTimeout(() => {
      if (isBusy(statusRef.current)) void stop();
    }, STOP_GRACE_MS);
  }

  const streaming = status === 'streaming';
  const last = messages[messages.length - 1];
  const failure = error ? problemText(error.message) : notice;
  return (
    <section className="chat" aria-label="Chat">
      <MessageList
        messages={messages}
        streaming={streaming}
        waiting={status === 'submitted' || (streaming && last?.role !== 'assistant')}
        hasMore={older.hasMore}
        loadingOlder={older.loading}
        olderError={older.error}
        loadOlder={older.loadOlder}
      />
      <p role="status" className="visually-hidden" data-testid="chat-status">
        {status === 'submitted' ? 'Sending…' : streaming ? 'Copilot is answering…' : status === 'ready' ? 'Ready.' : ''}
      </p>
      {failure && (
        <div role="alert" className="error-banner">
          <span>{failure}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              clearError();
              setNotice(null);
            }}
          >
            Dismiss
          </button>
        </div>
      )}
      <QueuedChips chips={chips.chips} />
      <Composer inFlight={inFlight} stopping={stopping} onSend={send} onStop={() => void stopTurn()} />
    </section>
  );
}
