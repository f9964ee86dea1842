import { useState, type FormEvent, type KeyboardEvent } from 'react';

interface Props {
  inFlight: boolean;
  stopping: boolean;
  onSend: (text: string) => void;
  onStop?: () => void;
}

/** Enter sends, Shift+Enter adds a line; while a turn runs, sending queues the message and Stop is offered. */
export function Composer({ inFlight, stopping, onSend, onStop }: Props) {
  const [text, setText] = useState('');

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const message = text.trim();
    if (!message) return;
    setText('');
    onSend(message);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="composer-input" className="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-input"
        rows={2}
        value={text}
        placeholder={inFlight ? 'Add a follow-up…' : 'Ask Copilot…'}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="composer-hint"
        maxLength={100000}
      />
      <div className="composer-actions">
        {inFlight && onStop && (
          <button type="button" className="stop" onClick={onStop} disabled={stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
        <button type="submit" disabled={!text.trim()}>
          Send
        </button>
      </div>
      <p id="composer-hint" className="hint">
        {inFlight ? 'A reply is in progress: a message sent now is queued and delivered at its next step.' : 'Enter to send, Shift+Enter for a new line.'}
      </p>
    </form>
  );
}
