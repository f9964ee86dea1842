import { memo, type AnchorHTMLAttributes } from 'react';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { followLink } from '../app/router';

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

/**
 * Model output as GitHub-flavoured markdown. react-markdown builds React elements and never injects HTML (raw HTML
 * in the text is shown as text), and its URL filter drops javascript: links, so model output cannot script the page.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={{ a: ({ node: _node, ...props }) => <Link {...props} /> }}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
