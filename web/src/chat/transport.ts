import { DefaultChatTransport } from 'ai';
import { streamUrl } from '../api/chat';
import { authHeaders, problemText } from '../api/http';
import { expireSession } from '../auth/session';
import { textOf, type ChatMessage } from './messages';
import { SendRefused } from './sendRefused';

/**
 * The stock AI SDK transport, pointed at our routes: POST /sessions/{id}/stream with our body shape
 * ({message}, not the SDK's message list: the server owns the history), and GET of the same URL to resume.
 * A 202 means the session was busy after all (another tab or device started a turn): the server queued the message,
 * so the SDK gets an empty stream and the caller turns the message into a queued chip. Any other error status of a
 * send (usage limit, validation) throws SendRefused, so the caller knows no turn started and can give the text back.
 * A resume always asks for the turn from its start (Last-Event-ID 0-0): every resume follows a read that found the turn
 * running, and if it ended since, the server still replays it (it keeps a finished turn's stream a while), where a
 * resume without the header gets nothing (204) and the turn's end (its error card) would never show.
 */
export function createTransport(sessionId: string, onQueuedByServer: (message: string) => void, onStarted: (message: string) => void) {
  const api = streamUrl(sessionId);
  return new DefaultChatTransport<ChatMessage>({
    api,
    headers: authHeaders,
    prepareSendMessagesRequest: ({ messages, body }) => {
      const last = messages[messages.length - 1];
      return { api, body: { ...body, message: last?.role === 'user' ? textOf(last) : '' } };
    },
    prepareReconnectToStreamRequest: ({ headers }) => ({ api, headers: { ...headers, 'last-event-id': '0-0' } }),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) expireSession();
      if (init?.method !== 'POST') return response;
      const sent = JSON.parse(typeof init.body === 'string' ? init.body : '{}') as { message?: string };
      if (response.status !== 202) {
        if (!response.ok) throw new SendRefused(response.status, problemText(await response.text(), response));
        onStarted(sent.message ?? '');
        return response;
      }
      onQueuedByServer(sent.message ?? '');
      return new Response('data: [DONE]\n\n', { status: 200, headers: { 'content-type': 'text/event-stream' } });
    },
  });
}
