export const formatCents = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export const formatPercent = (percent: number) => `${percent.toFixed(percent >= 10 || percent === 0 ? 0 : 1)}%`;

/** "today 17:00", "tomorrow 00:00" or "Mon 3 Dec, 00:00", in the reader's time zone. */
export function formatResetTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const days = Math.round((startOfDay(at) - startOfDay(now)) / 86_400_000);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  return `${at.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}, ${time}`;
}

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
