import type { Chip } from './usePendingChips';

/** Follow-ups waiting for the running turn's next step; each can be taken back until it is delivered. */
export function QueuedChips({ chips, onRemove }: { chips: Chip[]; onRemove: (chip: Chip) => void }) {
  if (chips.length === 0) return null;
  return (
    <ul className="queued-chips" aria-label="Queued messages">
      {chips.map((chip) => (
        <li key={chip.id} className="chip" data-testid="queued-chip">
          <span className="chip-badge">Queued</span> <span className="chip-text">{chip.text}</span>
          <button type="button" className="icon-button chip-remove" onClick={() => onRemove(chip)} aria-label={`Remove queued message: ${chip.text}`} />
        </li>
      ))}
    </ul>
  );
}
