import { getToolOrDynamicToolName, type DynamicToolUIPart, type ToolUIPart } from 'ai';
import { chatPath, followLink } from '../app/router';

type ToolPart = ToolUIPart | DynamicToolUIPart;

const stateLabels: Record<ToolPart['state'], string> = {
  'input-streaming': 'preparing…',
  'input-available': 'running…',
  'output-available': 'done',
  'output-error': 'failed',
};

function asObject(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'string') {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return null;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The child session a run_sub_session / get_sub_session_result result points at, as an in-app link. */
export function subSessionLink(output: unknown): string | null {
  const result = asObject(output);
  if (!result) return null;
  const link = result['sub_autopilot_session_link'];
  if (typeof link === 'string' && link.startsWith('/copilot?sessionId=')) return link;
  const id = result['sub_session_id'];
  return typeof id === 'string' && id ? chatPath(id) : null;
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** One tool call as a step: name and state at a glance, input and output on demand. */
export function ToolStep({ part }: { part: ToolPart }) {
  const name = getToolOrDynamicToolName(part);
  const link = part.state === 'output-available' ? subSessionLink(part.output) : null;
  return (
    <div className="tool-step" data-testid="tool-step" data-state={part.state}>
      <details>
        <summary>
          <span className="tool-icon" aria-hidden="true">
            ⚙
          </span>{' '}
          <span className="tool-name">{name}</span> <span className="tool-state">{stateLabels[part.state]}</span>
        </summary>
        {part.input !== undefined && (
          <>
            <h4>Input</h4>
            <pre>{show(part.input)}</pre>
          </>
        )}
        {part.state === 'output-available' && (
          <>
            <h4>Output</h4>
            <pre>{show(part.output)}</pre>
          </>
        )}
      </details>
      {part.state === 'output-error' && (
        <p className="tool-error" data-testid="tool-error">
          {part.errorText}
        </p>
      )}
      {link && (
        <a className="sub-session-link" href={link} onClick={followLink}>
          Open sub-session
        </a>
      )}
    </div>
  );
}
