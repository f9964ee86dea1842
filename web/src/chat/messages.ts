import type { UIMessage } from 'ai';

/** History rows remember their first sequence so a re-read of the newest page can keep older pages in place. */
export interface MessageMeta {
  sequence?: number;
}

export type ChatMessage = UIMessage<MessageMeta>;

export type ChatPart = ChatMessage['parts'][number];

/** Content with this prefix is a system notice (e.g. "Execution stopped by user"), not model output. */
export const SYSTEM_PREFIX = '[__COPILOT_SYSTEM_e3b0__]';

export const isNotice = (content: string | null | undefined) => !!content && content.startsWith(SYSTEM_PREFIX);

export const noticeText = (content: string) => content.slice(SYSTEM_PREFIX.length).trim();

export function textOf(message: ChatMessage): string {
  return message.parts
    .filter((part): part is Extract<ChatPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('');
}

let localIds = 0;

/** A user bubble the client shows before the server's history has it (a queued follow-up that was drained). */
export function localUserMessage(text: string): ChatMessage {
  localIds += 1;
  return { id: `local-${Date.now()}-${localIds}`, role: 'user', parts: [{ type: 'text', text }] };
}

/** Inserts user bubbles before a trailing assistant message: useChat keeps streaming into the last message. */
export function insertBeforeStreaming(messages: ChatMessage[], bubbles: ChatMessage[]): ChatMessage[] {
  const last = messages[messages.length - 1];
  if (last?.role === 'assistant') return [...messages.slice(0, -1), ...bubbles, last];
  return [...messages, ...bubbles];
}
