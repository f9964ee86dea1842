import { useEffect, useState, type ReactNode } from 'react';
import { CopyButton } from './CopyButton';

type Highlighter = typeof import('./highlight');

let loading: Promise<Highlighter> | null = null;
const loadHighlighter = () => (loading ??= import('./highlight'));

/**
 * A fenced code block: its language, a copy button, and the code highlighted once the highlighter has loaded (plain
 * until then, and while the block is still streaming in, so each token does not re-highlight the whole block).
 */
export function CodeBlock({ code, language, settled }: { code: string; language: string | null; settled: boolean }) {
  const [highlighted, setHighlighted] = useState<ReactNode>(null);

  useEffect(() => {
    if (!settled) return;
    let live = true;
    void loadHighlighter().then((module) => live && setHighlighted(module.highlight(code, language)), () => undefined);
    return () => {
      live = false;
    };
  }, [code, language, settled]);

  return (
    <div className="code-block" data-testid="code-block" data-language={language ?? ''}>
      <div className="code-block-bar">
        <span className="code-block-language">{language ?? 'code'}</span>
        <CopyButton text={code} label="Copy code" className="action" />
      </div>
      <pre>
        <code className={`hljs${language ? ` language-${language}` : ''}`} data-highlighted={highlighted ? 'true' : 'false'}>
          {highlighted ?? code}
        </code>
      </pre>
    </div>
  );
}
