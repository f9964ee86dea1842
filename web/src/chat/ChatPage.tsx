import { chatPath, navigate } from '../app/router';
import { UsageBar } from '../usage/UsageBar';
import { ChatSession } from './ChatSession';
import { DraftChat } from './DraftChat';
import { SessionList } from './SessionList';
import { useSessions } from './useSessions';

/** Sidebar of sessions, usage on top, and the open session (or a new chat, which exists once its first message is sent). */
export function ChatPage({ sessionId }: { sessionId: string | null }) {
  const { sessions, error } = useSessions();
  return (
    <div className="chat-page">
      <SessionList sessions={sessions} activeId={sessionId} error={error} onNewChat={() => navigate(chatPath())} creating={false} />
      <main id="main-content" className="chat-main">
        <UsageBar />
        {sessionId ? <ChatSession key={sessionId} sessionId={sessionId} /> : <DraftChat />}
      </main>
    </div>
  );
}
