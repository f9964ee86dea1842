import { useEffect, useRef, useState } from 'react';

interface Props {
  title: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** "Delete this chat?" as a modal dialog: the browser traps focus in it and Escape cancels. */
export function DeleteChatDialog({ title, onConfirm, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="delete-chat-title"
      aria-describedby="delete-chat-text"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // Escape cancels this dialog only, not the drawer it was opened from.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      <h2 id="delete-chat-title">Delete chat?</h2>
      <p id="delete-chat-text">
        “{title}” and its messages will be deleted for good.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </dialog>
  );
}
