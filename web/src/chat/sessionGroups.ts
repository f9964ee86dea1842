import type { SessionSummary } from '../api/types';

export interface SessionGroup {
  label: string;
  sessions: SessionSummary[];
}

const labels = ['Today', 'Yesterday', 'Previous 7 days', 'Older'] as const;

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** Which group a session falls in by its last activity, counted in the reader's calendar days. */
function groupIndex(updatedAt: string, today: number): number {
  const at = new Date(updatedAt);
  if (Number.isNaN(at.getTime())) return 3;
  const days = Math.round((today - startOfDay(at)) / 86_400_000);
  return days <= 0 ? 0 : days === 1 ? 1 : days <= 7 ? 2 : 3;
}

export const displayTitle = (session: SessionSummary) => session.title?.trim() || 'New chat';

/** Sessions whose title contains the query (any case), newest first, in date groups; empty groups are left out. */
export function groupSessions(sessions: SessionSummary[], query: string, now = new Date()): SessionGroup[] {
  const needle = query.trim().toLocaleLowerCase();
  const today = startOfDay(now);
  const groups: SessionGroup[] = labels.map((label) => ({ label, sessions: [] }));
  const sorted = [...sessions].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  for (const session of sorted) {
    if (needle && !displayTitle(session).toLocaleLowerCase().includes(needle)) continue;
    groups[groupIndex(session.updated_at, today)]?.sessions.push(session);
  }
  return groups.filter((group) => group.sessions.length > 0);
}
