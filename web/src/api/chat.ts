import { apiFetch, apiJson, json, toApiError } from './http';
import type { CancelResponse, PendingPeek, QueuedResponse, SessionCreated, SessionDetail, SessionList, WithdrawResponse } from './types';

const sessions = '/api/chat/sessions';

export const streamUrl = (sessionId: string) => `${sessions}/${encodeURIComponent(sessionId)}/stream`;

export const createSession = () => apiJson<SessionCreated>(sessions, { method: 'POST', ...json({}) });

export const listSessions = (limit = 50) => apiJson<SessionList>(`${sessions}?limit=${limit}&offset=0`);

export function getSession(sessionId: string, options: { limit?: number; beforeSequence?: number } = {}) {
  const query = new URLSearchParams({ limit: String(options.limit ?? 50) });
  if (options.beforeSequence !== undefined) query.set('before_sequence', String(options.beforeSequence));
  return apiJson<SessionDetail>(`${sessions}/${encodeURIComponent(sessionId)}?${query}`);
}

export const renameSession = (sessionId: string, title: string) =>
  apiJson<unknown>(`${sessions}/${encodeURIComponent(sessionId)}/title`, { method: 'PATCH', ...json({ title }) });

export const deleteSession = (sessionId: string) =>
  apiJson<void>(`${sessions}/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });

export const cancelTurn = (sessionId: string) =>
  apiJson<CancelResponse>(`${sessions}/${encodeURIComponent(sessionId)}/cancel`, { method: 'POST' });

export const peekPending = (sessionId: string) =>
  apiJson<PendingPeek>(`${sessions}/${encodeURIComponent(sessionId)}/messages/pending`);

/** Takes one queued follow-up back before the running turn delivers it (404: it was delivered, or never queued). */
export const withdrawFollowUp = (sessionId: string, message: string) =>
  apiJson<WithdrawResponse>(`${sessions}/${encodeURIComponent(sessionId)}/messages/pending/withdraw`, { method: 'POST', ...json({ message }) });

export type SendOutcome = { kind: 'queued'; queued: QueuedResponse } | { kind: 'started' };

/**
 * Sends a message with a plain fetch, for when a turn is already running: the server answers 202 and queues it as
 * a follow-up (useChat only understands SSE). If the turn ended in the meantime the server starts a new turn and
 * streams it; this response is dropped (a disconnect never stops a turn) and the caller re-attaches with a resume.
 */
export async function sendOutsideChat(sessionId: string, message: string, fileIds: string[] = []): Promise<SendOutcome> {
  const controller = new AbortController();
  const body = fileIds.length > 0 ? { message, file_ids: fileIds } : { message };
  const response = await apiFetch(streamUrl(sessionId), { method: 'POST', ...json(body), signal: controller.signal });
  if (response.status === 202) return { kind: 'queued', queued: (await response.json()) as QueuedResponse };
  if (!response.ok) throw await toApiError(response);
  controller.abort();
  return { kind: 'started' };
}
