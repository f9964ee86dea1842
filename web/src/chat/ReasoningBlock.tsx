import { useId, useState } from 'react';

/** The model's reasoning, collapsed by default; the toggle is a real button with aria-expanded. */
export function ReasoningBlock({ text, streaming }: { text: string; streaming: boolean }) {
  const [open, setOpen] = useState(false);
  const regionId = useId();
  const label = open ? 'Hide reasoning' : streaming ? 'Thinking… (show reasoning)' : 'Show reasoning';
  return (
    <div className="reasoning" data-testid="reasoning">
      <button type="button" className="reasoning-toggle" aria-expanded={open} aria-controls={regionId} onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className="chevron">
          {open ? '▾' : '▸'}
        </span>{' '}
        {label}
      </button>
      <div id={regionId} className="reasoning-text" hidden={!open}>
        {text}
      </div>
    </div>
  );
}
