import { useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { AttachmentTray } from './attachments/AttachmentTray';
import type { AttachedFile } from './messages';
import type { ComposerState } from './useComposer';
import './chat.css';

interface Props {
  composer: ComposerState;
  inFlight: boolean;
  stopping: boolean;
  /** A send is on its way and the composer waits for the server's answer (the first message of a new chat). */
  sending?: boolean;
  onSend: (text: string, files: AttachedFile[]) => void;
  onStop?: () => void;
  /** Shown above the text box: why the last send failed, or the usage limit. */
  problem?: ReactNode;
}

/**
 * Enter sends, Shift+Enter adds a line; while a turn runs, sending queues the message and Stop is offered. Files can
 * be picked or dropped; they upload at once and go with the message.
 */
export function Composer({ composer, inFlight, stopping, sending = false, onSend, onStop, problem }: Props) {
  const { text, setText, attachments, input } = composer;
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const canSend = !!text.trim() && !attachments.uploading && !sending;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    const message = composer.take();
    // Focus stays here (also after a click on Send), ready for the next message.
    input.current?.focus();
    onSend(message.text, message.files);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void attachments.add([...event.dataTransfer.files]);
  }

  return (
    <form
      className={`composer${dragging ? ' dragging' : ''}`}
      onSubmit={submit}
      onDragOver={(event) => {
        if (![...event.dataTransfer.types].includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {problem}
      <AttachmentTray attachments={attachments.attachments} onRemove={attachments.remove} />
      <label htmlFor="composer-input" className="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={input}
        rows={2}
        value={text}
        placeholder={inFlight ? 'Add a follow-up…' : 'Ask Copilot…'}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="composer-hint"
        maxLength={32000}
        autoFocus
      />
      <div className="composer-actions">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(event) => {
            void attachments.add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <button type="button" className="secondary attach" onClick={() => picker.current?.click()}>
          Attach files
        </button>
        <span className="spacer" />
        {inFlight && onStop && (
          <button type="button" className="stop" onClick={onStop} disabled={stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
        <button type="submit" disabled={!canSend}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      <p id="composer-hint" className="hint">
        {attachments.uploading
          ? 'Uploading files… Send is available once they are in your workspace.'
          : inFlight
            ? 'A reply is in progress: a message sent now is queued and delivered at its next step.'
            : 'Enter to send, Shift+Enter for a new line. Drop files here to attach them.'}
      </p>
    </form>
  );
}
