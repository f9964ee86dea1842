import { useChatActions } from './chatActions';
import { textOf, type ChatMessage } from './messages';

/** A failed turn: what went wrong in the user's words, and Retry (sends the question again) on the latest one. */
export function ErrorCard({ message, retryOf }: { message: ChatMessage; retryOf?: ChatMessage }) {
  const actions = useChatActions();
  return (
    <div className="error-card" role="alert" data-testid="error-card">
      <p>
        <span className="error-card-title">The answer failed.</span> {textOf(message)}
      </p>
      {actions && retryOf && (
        <button type="button" onClick={() => actions.resend(textOf(retryOf), retryOf.metadata?.files ?? [])} disabled={actions.busy}>
          Retry
        </button>
      )}
    </div>
  );
}
