import { useCallback, useRef, useState } from 'react';
import { useAttachments } from './attachments/useAttachments';
import type { AttachedFile } from './messages';

/**
 * What the user is writing: the text and the attached files. Owned above the composer so a send that fails can give
 * both back (the text is never lost), and so "Edit" can put an earlier message in it.
 */
export function useComposer() {
  const [text, setText] = useState('');
  const attachments = useAttachments();
  const input = useRef<HTMLTextAreaElement>(null);

  const focus = useCallback(() => input.current?.focus(), []);

  /** The message to send, emptying the composer. */
  const take = useCallback((): { text: string; files: AttachedFile[] } => {
    const message = { text: text.trim(), files: attachments.take() };
    setText('');
    return message;
  }, [text, attachments]);

  /** A message that was not sent, back where it was typed (ahead of anything typed since). */
  const restore = useCallback(
    (message: string, files: AttachedFile[] = []) => {
      setText((current) => (current.trim() ? `${message}\n\n${current}` : message));
      attachments.restore(files);
      input.current?.focus();
    },
    [attachments],
  );

  /** "Edit": replaces what is typed with an earlier message, ready to change and send. */
  const edit = useCallback(
    (message: string, files: AttachedFile[] = []) => {
      setText(message);
      attachments.restore(files);
      input.current?.focus();
    },
    [attachments],
  );

  return { text, setText, attachments, input, focus, take, restore, edit };
}

export type ComposerState = ReturnType<typeof useComposer>;
