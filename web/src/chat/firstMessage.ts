// A message typed before its session existed: the page creates the session, navigates, and the new session's view
// sends it once mounted (after reading the empty history). sessionStorage keeps it across that navigation only.
const key = 'copilot.first-message';

export function rememberFirstMessage(sessionId: string, text: string) {
  sessionStorage.setItem(key, JSON.stringify({ sessionId, text }));
}

export function takeFirstMessage(sessionId: string): string | null {
  const stored = sessionStorage.getItem(key);
  if (!stored) return null;
  sessionStorage.removeItem(key);
  const parsed = JSON.parse(stored) as { sessionId: string; text: string };
  return parsed.sessionId === sessionId ? parsed.text : null;
}
