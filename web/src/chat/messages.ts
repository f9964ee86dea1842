import type { UIMessage } from 'ai';

/** A file sent with a message (its workspace id, and its name when known). */
export interface AttachedFile {
  id: string;
  name: string;
}

/**
 * History rows remember their first sequence so a re-read of the newest page can keep older pages in place; a user
 * message carries its attachments; a system message that is a failed turn's error card says so.
 */
export interface MessageMeta {
  sequence?: number;
  files?: AttachedFile[];
  error?: boolean;
}

export type ChatMessage = UIMessage<MessageMeta>;

export type ChatPart = ChatMessage['parts'][number];

/** Content with this prefix is a system notice (e.g. "Execution stopped by user"), not model output. */
export const SYSTEM_PREFIX = '[__COPILOT_SYSTEM_e3b0__]';

/** Content with this prefix is a failed turn's error card; only the text after it is for the user. */
export const ERROR_PREFIX = '[__COPILOT_ERROR_f7a1__]';

export const isNotice = (content: string | null | undefined) => !!content && content.startsWith(SYSTEM_PREFIX);

export const noticeText = (content: string) => content.slice(SYSTEM_PREFIX.length).trim();

export const isErrorCard = (content: string | null | undefined) => !!content && content.startsWith(ERROR_PREFIX);

export const errorCardText = (content: string) => content.slice(ERROR_PREFIX.length).trim();

/** A failed turn as the list shows it: an error card (live, before the history re-read stores one). */
export function errorMessage(text: string): ChatMessage {
  localIds += 1;
  return { id: `error-${Date.now()}-${localIds}`, role: 'system', parts: [{ type: 'text', text }], metadata: { error: true } };
}

let localIds = 0;

export function textOf(message: ChatMessage): string {
  return message.parts
    .filter((part): part is Extract<ChatPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('');
}


/** A user bubble the client shows before the server's history has it (a queued follow-up that was drained). */
export function localUserMessage(text: string, files: AttachedFile[] = []): ChatMessage {
  localIds += 1;
  return { id: `local-${Date.now()}-${localIds}`, role: 'user', parts: [{ type: 'text', text }], metadata: files.length > 0 ? { files } : undefined };
}

/** Inserts user bubbles before a trailing assistant message: useChat keeps streaming into the last message. */
export function insertBeforeStreaming(messages: ChatMessage[], bubbles: ChatMessage[]): ChatMessage[] {
  const last = messages[messages.length - 1];
  if (last?.role === 'assistant') return [...messages.slice(0, -1), ...bubbles, last];
  return [...messages, ...bubbles];
}
