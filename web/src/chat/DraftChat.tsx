import { useState } from 'react';
import { createSession, deleteSession, sendOutsideChat } from '../api/chat';
import { ApiError } from '../api/http';
import { emit } from '../app/events';
import { chatPath, navigate } from '../app/router';
import { Composer } from './Composer';
import { markJustStarted } from './justStarted';
import type { AttachedFile } from './messages';
import { SendProblem, type Problem } from './SendProblem';
import { useComposer } from './useComposer';
import { useUsageLimit } from './useUsageLimit';

/**
 * A new chat before its first message: nothing exists on the server yet. Sending creates the session and starts its
 * first turn; only a turn that started keeps the session (and names it), so a refused first message leaves no empty
 * chat behind and stays in the composer. The session's view then attaches to the running turn.
 */
export function DraftChat() {
  const composer = useComposer();
  const usage = useUsageLimit();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function send(text: string, files: AttachedFile[]) {
    setSending(true);
    setProblem(null);
    let sessionId: string | null = null;
    try {
      sessionId = (await createSession()).id;
      await sendOutsideChat(sessionId, text, files.map((file) => file.id));
      emit('sessions-changed');
      markJustStarted(sessionId);
      navigate(chatPath(sessionId));
    } catch (failure) {
      // Gone before the user is told, so the list never shows the chat that did not start.
      if (sessionId) await deleteSession(sessionId).catch(() => undefined);
      composer.restore(text, files);
      setProblem({ text: failure instanceof ApiError ? failure.message : 'The server could not be reached.', kept: true });
      if (failure instanceof ApiError && failure.status === 429) void usage.refresh();
      setSending(false);
    }
  }

  return (
    <section className="chat" aria-label="New chat">
      <div className="messages">
        <p className="empty">Ask anything to start a new conversation.</p>
      </div>
      <Composer
        composer={composer}
        inFlight={false}
        stopping={false}
        sending={sending}
        onSend={(text, files) => void send(text, files)}
        problem={<SendProblem problem={problem} limit={usage.limit} buyReset={usage.buyReset} onDismiss={() => setProblem(null)} />}
      />
    </section>
  );
}
