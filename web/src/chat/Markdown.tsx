import { memo, type AnchorHTMLAttributes, type HTMLAttributes, type ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { followLink } from '../app/router';
import { CodeBlock } from './CodeBlock';

/** Same-origin links navigate in the app (e.g. a sub-session); others open in a new tab without a referrer. */
function Link({ href = '', children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const internal = href.startsWith('/') && !href.startsWith('//');
  return internal ? (
    <a href={href} onClick={followLink} {...rest}>
      {children}
    </a>
  ) : (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" {...rest}>
      {children}
    </a>
  );
}

const languageOf = (className: string | undefined) => /language-([\w+#-]+)/.exec(className ?? '')?.[1] ?? null;

/** Inline code stays inline; a fenced block (a language, or text ending in a newline) becomes a CodeBlock. */
function code(settled: boolean) {
  return function Code({ className, children, node: _node, ...rest }: HTMLAttributes<HTMLElement> & { node?: unknown; children?: ReactNode }) {
    const text = String(children ?? '');
    const language = languageOf(className);
    if (!language && !text.includes('\n')) {
      return (
        <code className={className} {...rest}>
          {children}
        </code>
      );
    }
    return <CodeBlock code={text.replace(/\n$/, '')} language={language} settled={settled} />;
  };
}

/** A fenced block's <pre> is CodeBlock's own. */
const Pre = ({ children }: { children?: ReactNode }) => <>{children}</>;

const settledCode = code(true);
const streamingCode = code(false);

/**
 * Model output as GitHub-flavoured markdown. react-markdown builds React elements and never injects HTML (raw HTML
 * in the text is shown as text), and its URL filter drops javascript: links, so model output cannot script the page.
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        components={{ a: ({ node: _node, ...props }) => <Link {...props} />, pre: Pre, code: streaming ? streamingCode : settledCode }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
