import { Drawer } from '../app/Drawer';
import { chatPath, navigate } from '../app/router';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { UsageBar } from '../usage/UsageBar';
import { ChatSession } from './ChatSession';
import { DraftChat } from './DraftChat';
import { displayTitle } from './sessionGroups';
import { SessionList } from './SessionList';
import { useSessions } from './useSessions';

export const sessionDrawerId = 'session-drawer';

interface Props {
  sessionId: string | null;
  drawerOpen: boolean;
  onCloseDrawer: () => void;
}

/** "+ New chat" goes to the draft and puts the cursor in its composer (already mounted when the draft was open). */
function newChat() {
  navigate(chatPath());
  window.requestAnimationFrame(() => document.getElementById('composer-input')?.focus());
}

/**
 * Sidebar (a drawer on phones) of sessions, usage on top, and the open session (or a new chat, which exists once its
 * first message is sent).
 */
export function ChatPage({ sessionId, drawerOpen, onCloseDrawer }: Props) {
  const { sessions, error, rename, remove } = useSessions();
  const active = sessions.find((session) => session.id === sessionId);
  const title = sessionId ? (active ? displayTitle(active) : null) : 'New chat';
  useDocumentTitle(title);

  async function deleteChat(id: string) {
    await remove(id);
    if (id === sessionId) navigate(chatPath(), { replace: true });
  }

  return (
    <div className="chat-page">
      <Drawer id={sessionDrawerId} label="Conversations" open={drawerOpen} onClose={onCloseDrawer}>
        <SessionList
          sessions={sessions}
          activeId={sessionId}
          error={error}
          onNewChat={() => {
            onCloseDrawer();
            newChat();
          }}
          creating={false}
          onRename={rename}
          onDelete={deleteChat}
        />
      </Drawer>
      <main id="main-content" className="chat-main" tabIndex={-1}>
        <h1 className="visually-hidden" data-testid="chat-heading">
          {title ?? 'Chat'}
        </h1>
        <UsageBar />
        {sessionId ? <ChatSession key={sessionId} sessionId={sessionId} /> : <DraftChat />}
      </main>
    </div>
  );
}
