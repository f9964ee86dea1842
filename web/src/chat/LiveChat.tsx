import { useChat } from '@ai-sdk/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { cancelTurn, getSession } from '../api/chat';
import { problemText } from '../api/http';
import type { SessionDetail } from '../api/types';
import { announceDataPart, emit } from '../app/events';
import { ChatActionsContext, type ChatActions } from './chatActions';
import { Composer } from './Composer';
import { initialView, toUiMessages, withOlderPages } from './history';
import { takeJustStarted } from './justStarted';
import { MessageList } from './MessageList';
import { errorMessage, insertBeforeStreaming, localUserMessage, textOf, type AttachedFile, type ChatMessage } from './messages';
import { QueuedChips } from './QueuedChips';
import { SendProblem, type Problem } from './SendProblem';
import { SendRefused } from './sendRefused';
import { createTransport } from './transport';
import { useComposer } from './useComposer';
import { useOlderMessages } from './useOlderMessages';
import { usePendingChips } from './usePendingChips';
import { isBusy, useTurnSettled } from './useTurnSettled';
import { useUsageLimit } from './useUsageLimit';

/** How many rows a re-read after a turn fetches: enough to cover the turn and what was on screen before it. */
const REREAD_LIMIT = 200;
/** After Stop the server ends the stream itself; this is how long to wait before simply stopping to listen. */
const STOP_GRACE_MS = 6000;

/** A live error card the re-read did not find stored (yet) stays at the end rather than vanishing. */
function keepLiveErrorCard(current: ChatMessage[], view: ChatMessage[]): ChatMessage[] {
  const last = current[current.length - 1];
  const liveCard = last?.metadata?.error && last.id.startsWith('error-') ? last : null;
  return liveCard && !view[view.length - 1]?.metadata?.error ? [...view, liveCard] : view;
}

/** One session's conversation, live: the AI SDK's useChat on our stream endpoints plus queued follow-ups and Stop. */
export function LiveChat({ sessionId, detail }: { sessionId: string; detail: SessionDetail }) {
  const initial = useMemo(() => initialView(detail), [detail]);
  const composer = useComposer();
  const usage = useUsageLimit();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const [replayOnMount] = useState(() => {
    const justStarted = takeJustStarted(sessionId);
    const lastUser = initial.messages.findLastIndex((message) => message.role === 'user');
    return !initial.resume && lastUser >= 0 && (justStarted || lastUser === initial.messages.length - 1);
  });
  // Whether the view shows the stored history after the last turn (false from a turn's start until its re-read).
  const [synced, setSynced] = useState(!initial.resume && !replayOnMount);
  // The message of the send in progress until the server accepts it: a refused or failed send gives it back.
  const unconfirmed = useRef<{ text: string; files: AttachedFile[] } | null>(null);
  const onQueuedByServer = useRef<(text: string) => void>(() => undefined);
  const onStarted = useRef<(text: string) => void>(() => undefined);
  const onDataPart = useRef<(part: { type: string; data: unknown }) => void>(() => undefined);

  const transport = useMemo(
    () => createTransport(sessionId, (text) => onQueuedByServer.current(text), (text) => onStarted.current(text)),
    [sessionId],
  );
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
  const giveBack = useCallback(
    (text: string, files: AttachedFile[], reason: string, limit = false) => {
      composer.restore(text, files);
      setProblem({ text: reason, kept: true });
      if (limit) void usage.refresh();
    },
    [composer, usage],
  );
  const startedInstead = useCallback(
    (text: string, files: AttachedFile[]) => {
      const running = messages.findLast((message) => message.role === 'user');
      if (running && textOf(running) === text) {
        // The server recognises a repeat of the running turn's message and answers with that turn, sending nothing.
        setNotice(`“${text}” is already being answered, so it was not sent again.`);
        return;
      }
      setMessages((current) => insertBeforeStreaming(current, [localUserMessage(text, files)]));
      resume();
    },
    [messages, setMessages, resume],
  );
  const chips = usePendingChips({
    sessionId,
    inFlight,
    setMessages,
    resume,
    onError: setNotice,
    onRefused: (text, files, reason) => giveBack(text, files, reason),
    onStartedInstead: startedInstead,
  });
  onQueuedByServer.current = (text) => {
    unconfirmed.current = null;
    chips.queuedByServer(text);
  };
  onStarted.current = () => {
    unconfirmed.current = null;
    emit('sessions-changed');
  };
  onDataPart.current = chips.onDataPart;
  const older = useOlderMessages(sessionId, detail, setMessages);

  // A failed request: before the server took the message (refused, unreachable) the message goes back to the
  // composer with the reason; after, the turn itself failed and shows as an error card (stored by the server too).
  useEffect(() => {
    if (!error) return;
    clearError();
    const sent = unconfirmed.current;
    unconfirmed.current = null;
    if (sent) {
      setMessages((current) => (current[current.length - 1]?.role === 'user' ? current.slice(0, -1) : current));
      const refused = error instanceof SendRefused;
      giveBack(sent.text, sent.files, refused ? error.message : 'The server could not be reached.', refused && error.status === 429);
    } else {
      setMessages((current) => [...current, errorMessage(problemText(error.message))]);
    }
  }, [error, clearError, setMessages, giveBack]);

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
      setMessages((current) => withOlderPages(current, keepLiveErrorCard(current, view), fresh.oldest_sequence));
      if (fresh.active_stream) resume();
      else await chips.afterTurn();
    } catch {
      // The live view stays as streamed; the next turn re-reads.
    }
    if (!isBusy(statusRef.current)) setSynced(true);
  });

  useEffect(() => {
    // No running turn, yet this session's turn was just started (or its question has no answer yet): the page was read
    // as the turn ended, maybe before its last row (an error card is written after the turn is marked ended) was
    // stored. The turn is replayed from its start in place of its rows, and the re-read after it finds them all.
    if (replayOnMount) {
      setMessages(initial.messages.slice(0, initial.messages.findLastIndex((message) => message.role === 'user') + 1));
      resume();
      return;
    }
    if (initial.resume) void chips.restore().catch(() => undefined);
    else void chips.afterTurn().catch(() => undefined);
    // Once per mounted session (the view is keyed by session id): chips back after a reload, leftovers delivered.
  }, []);

  useEffect(() => {
    if (!inFlight) setStopping(false);
    else setSynced(false);
  }, [inFlight]);

  // Leaving the session only detaches this tab from its stream; the turn itself keeps running on the server.
  useEffect(() => () => void stop(), [stop]);

  function send(text: string, files: AttachedFile[]) {
    setNotice(null);
    setProblem(null);
    if (inFlight) {
      void chips.queue(text, files);
      return;
    }
    unconfirmed.current = { text, files };
    const fileIds = files.map((file) => file.id);
    void sendMessage({ text, metadata: files.length > 0 ? { files } : undefined }, fileIds.length > 0 ? { body: { file_ids: fileIds } } : undefined);
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

  const actions: ChatActions = { resend: send, edit: composer.edit, busy: inFlight };
  const streaming = status === 'streaming';
  const last = messages[messages.length - 1];
  return (
    <section className="chat" aria-label="Chat" data-synced={synced}>
      <ChatActionsContext.Provider value={actions}>
        <MessageList
          messages={messages}
          streaming={streaming}
          waiting={status === 'submitted' || (streaming && last?.role !== 'assistant')}
          hasMore={older.hasMore}
          loadingOlder={older.loading}
          olderError={older.error}
          loadOlder={older.loadOlder}
        />
      </ChatActionsContext.Provider>
      <p role="status" className="visually-hidden" data-testid="chat-status">
        {status === 'submitted' ? 'Sending…' : streaming ? 'Copilot is answering…' : status === 'ready' ? 'Ready.' : ''}
      </p>
      {notice && (
        <div role="alert" className="error-banner" data-testid="chat-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <QueuedChips chips={chips.chips} onRemove={(chip) => void chips.withdraw(chip)} />
      <Composer
        composer={composer}
        inFlight={inFlight}
        stopping={stopping}
        onSend={send}
        onStop={() => void stopTurn()}
        problem={<SendProblem problem={problem} limit={usage.limit} buyReset={usage.buyReset} onDismiss={() => setProblem(null)} />}
      />
    </section>
  );
}
