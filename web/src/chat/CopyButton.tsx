import { useEffect, useState } from 'react';
import { copyText } from './copyText';

/** A copy button that says "Copied" for a moment (announced to screen readers through its name). */
export function CopyButton({ text, label = 'Copy', className = 'action' }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  return (
    <button
      type="button"
      className={className}
      onClick={() => copyText(text).then(() => setState('copied'), () => setState('failed'))}
      aria-live="polite"
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
