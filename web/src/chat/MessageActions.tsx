import { useChatActions } from './chatActions';
import { CopyButton } from './CopyButton';
import { textOf, type ChatMessage } from './messages';

interface Props {
  message: ChatMessage;
  /** The user message this answer replies to (for Regenerate), when this is the last answer. */
  regenerateFrom?: ChatMessage;
}

/**
 * The actions under a message. History is append-only on the server, so Regenerate sends the question again and
 * Edit puts a message in the composer to change and send as a new one.
 */
export function MessageActions({ message, regenerateFrom }: Props) {
  const actions = useChatActions();
  const text = textOf(message);
  if (!actions || !text.trim()) return null;
  const files = message.metadata?.files ?? [];
  return (
    <div className="message-actions" data-testid="message-actions">
      <CopyButton text={text} />
      {message.role === 'user' && (
        <button type="button" className="action" onClick={() => actions.edit(text, files)}>
          Edit
        </button>
      )}
      {regenerateFrom && (
        <button
          type="button"
          className="action"
          disabled={actions.busy}
          onClick={() => actions.resend(textOf(regenerateFrom), regenerateFrom.metadata?.files ?? [])}
        >
          Regenerate
        </button>
      )}
    </div>
  );
}
