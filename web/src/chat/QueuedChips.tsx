import type { Chip } from './usePendingChips';

/** Follow-ups waiting for the running turn's next step. */
export function QueuedChips({ chips }: { chips: Chip[] }) {
  if (chips.length === 0) return null;
  return (
    <ul className="queued-chips" aria-label="Queued messages">
      {chips.map((chip) => (
        <li key={chip.id} className="chip" data-testid="queued-chip">
          <span className="chip-badge">Queued</span> <span className="chip-text">{chip.text}</span>
        </li>
      ))}
    </ul>
  );
}
