import { chatPath, navigate } from '../app/router';
import { UsageBar } from '../usage/UsageBar';
import { ChatSession } from './ChatSession';
import { DraftChat } from './DraftChat';
import { SessionList } from './SessionList';
import { useSessions } from './useSessions';

/** "+ New chat" goes to the draft and puts the cursor in its composer (already mounted when the draft was open). */
function newChat() {
  navigate(chatPath());
  window.requestAnimationFrame(() => document.getElementById('composer-input')?.focus());
}

/** Sidebar of sessions, usage on top, and the open session (or a new chat, which exists once its first message is sent). */
export function ChatPage({ sessionId }: { sessionId: string | null }) {
  const { sessions, error } = useSessions();
  return (
    <div className="chat-page">
      <SessionList sessions={sessions} activeId={sessionId} error={error} onNewChat={newChat} creating={false} />
      <main id="main-content" className="chat-main">
        <UsageBar />
        {sessionId ? <ChatSession key={sessionId} sessionId={sessionId} /> : <DraftChat />}
      </main>
    </div>
  );
}
