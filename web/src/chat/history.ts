import type { SessionDetail, SessionMessage } from '../api/types';
import { splitAttachments } from './attachmentBlock';
import { errorCardText, isErrorCard, isNotice, noticeText, type ChatMessage, type ChatPart } from './messages';

/**
 * Turns stored rows into the same UI messages the live stream builds: a user row is a bubble; reasoning, assistant
 * and tool rows up to the next user row form one assistant bubble (reasoning rows belong to the assistant row after
 * them); a row carrying the system prefix is a notice, one carrying the error prefix an error card (its marker never
 * shown); a user row's attachment block becomes the message's files.
 */
export function toUiMessages(rows: SessionMessage[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let assistant: ChatMessage | null = null;

  const openAssistant = (row: SessionMessage): ChatMessage => {
    if (!assistant) {
      assistant = { id: `seq-${row.sequence}`, role: 'assistant', parts: [], metadata: { sequence: row.sequence } };
      messages.push(assistant);
    }
    return assistant;
  };

  for (const row of rows) {
    const content = row.content ?? '';
    if (isNotice(content)) {
      assistant = null;
      messages.push({ id: `seq-${row.sequence}`, role: 'system', parts: [{ type: 'text', text: noticeText(content) }], metadata: { sequence: row.sequence } });
      continue;
    }
    if (isErrorCard(content)) {
      assistant = null;
      messages.push({ id: `seq-${row.sequence}`, role: 'system', parts: [{ type: 'text', text: errorCardText(content) }], metadata: { sequence: row.sequence, error: true } });
      continue;
    }
    switch (row.role) {
      case 'user': {
        assistant = null;
        const { text, files } = splitAttachments(content);
        messages.push({ id: `seq-${row.sequence}`, role: 'user', parts: [{ type: 'text', text }], metadata: files.length > 0 ? { sequence: row.sequence, files } : { sequence: row.sequence } });
        break;
      }
      case 'reasoning':
        if (content.trim()) openAssistant(row).parts.push({ type: 'reasoning', text: content, state: 'done' });
        break;
      case 'assistant': {
        const parts = openAssistant(row).parts;
        if (content) parts.push({ type: 'text', text: content, state: 'done' });
        for (const call of row.tool_calls ?? []) {
          parts.push({ type: 'dynamic-tool', toolName: call.function.name, toolCallId: call.id, state: 'input-available', input: parseJson(call.function.arguments) });
        }
        break;
      }
      case 'tool':
        attachToolResult(openAssistant(row).parts, row);
        break;
    }
  }
  return messages;
}

function attachToolResult(parts: ChatPart[], row: SessionMessage) {
  const index = parts.findIndex((part) => 'toolCallId' in part && part.toolCallId === row.tool_call_id);
  const call = index >= 0 ? parts[index] : undefined;
  const toolName = call?.type === 'dynamic-tool' ? call.toolName : (row.name ?? 'tool');
  const input = call && 'input' in call ? call.input : undefined;
  const toolCallId = row.tool_call_id ?? `row-${row.sequence}`;
  const settled: ChatPart = row.is_error
    ? { type: 'dynamic-tool', toolName, toolCallId, state: 'output-error', input, errorText: row.content ?? '' }
    : { type: 'dynamic-tool', toolName, toolCallId, state: 'output-available', input, output: parseJson(row.content ?? '') };
  if (index >= 0) parts[index] = settled;
  else parts.push(settled);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * For a page read while a turn runs: the rows the running turn wrote so far are dropped, because resuming replays
 * that turn from its first chunk (showing them too would duplicate the text). Walking back from the end, every
 * non-user row and every follow-up delivered mid-turn (a user row right after a tool result) belongs to the turn;
 * the user row before them started it and stays. The mid-turn follow-ups come back as bubbles before the replay.
 */
export function splitRunningTurn(rows: SessionMessage[]): { settled: SessionMessage[]; followUps: SessionMessage[] } {
  let cut = rows.length;
  const followUps: SessionMessage[] = [];
  for (let index = rows.length - 1; index >= 0; index -= 1) {
    const row = rows[index]!;
    if (row.role === 'user' && rows[index - 1]?.role !== 'tool') break;
    if (row.role === 'user') followUps.unshift(row);
    cut = index;
  }
  return { settled: rows.slice(0, cut), followUps };
}

/** The messages to show for a freshly read newest page, keeping any older pages the user scrolled back to. */
export function withOlderPages(current: ChatMessage[], page: ChatMessage[], oldestSequence: number | null): ChatMessage[] {
  if (oldestSequence === null) return page;
  const older = current.filter((message) => message.metadata?.sequence !== undefined && message.metadata.sequence < oldestSequence);
  return [...older, ...page];
}

/** Initial state of a session view: what to render, and whether a running turn should be resumed. */
export function initialView(detail: SessionDetail): { messages: ChatMessage[]; resume: boolean } {
  if (!detail.active_stream) return { messages: toUiMessages(detail.messages), resume: false };
  const { settled, followUps } = splitRunningTurn(detail.messages);
  return { messages: [...toUiMessages(settled), ...toUiMessages(followUps)], resume: true };
}
