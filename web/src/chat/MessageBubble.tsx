import { isToolOrDynamicToolUIPart } from 'ai';
import { memo } from 'react';
import { FileChips } from './attachments/FileChips';
import { ErrorCard } from './ErrorCard';
import { Markdown } from './Markdown';
import { MessageActions } from './MessageActions';
import { ReasoningBlock } from './ReasoningBlock';
import { ToolStep } from './ToolStep';
import { textOf, type ChatMessage, type ChatPart } from './messages';

interface Props {
  message: ChatMessage;
  streaming: boolean;
  /** On the conversation's last message: the user message it answers (Retry, Regenerate). */
  replyTo?: ChatMessage;
}

/** Whether a part shows anything: step-start and data-* parts, and empty text, do not. */
const isVisible = (part: ChatPart) =>
  part.type === 'text' || part.type === 'reasoning' ? part.text.trim().length > 0 : isToolOrDynamicToolUIPart(part);

function AssistantParts({ message, streaming }: Props) {
  return (
    <>
      {message.parts.map((part, index) => {
        const key = `${message.id}-${index}`;
        if (part.type === 'text') return <Markdown key={key} text={part.text} streaming={streaming && part.state === 'streaming'} />;
        if (part.type === 'reasoning') {
          return part.text.trim() ? <ReasoningBlock key={key} text={part.text} streaming={streaming && part.state === 'streaming'} /> : null;
        }
        if (isToolOrDynamicToolUIPart(part)) return <ToolStep key={key} part={part} />;
        return null;
      })}
    </>
  );
}

export const MessageBubble = memo(function MessageBubble({ message, streaming, replyTo }: Props) {
  if (message.role === 'system') {
    if (message.metadata?.error) return <ErrorCard message={message} retryOf={replyTo} />;
    return (
      <p className="notice" role="note" data-testid="notice">
        {textOf(message)}
      </p>
    );
  }
  if (message.role === 'user') {
    return (
      <div className="message-row user">
        <article className="bubble user" aria-label="You said" data-testid="user-message">
          <p>{textOf(message)}</p>
          <FileChips files={message.metadata?.files} />
        </article>
        <MessageActions message={message} />
      </div>
    );
  }
  // No card until there is something to put in it: before the first token only the indicator shows.
  if (!message.parts.some(isVisible)) {
    return streaming ? <p className="typing">Copilot is thinking…</p> : null;
  }
  // The actions sit beside the bubble, not in it: the bubble holds exactly the answer.
  return (
    <div className="message-row assistant">
      <article className="bubble assistant" aria-label="Copilot said" aria-busy={streaming} data-testid="assistant-message" data-streaming={streaming}>
        <AssistantParts message={message} streaming={streaming} />
      </article>
      {!streaming && <MessageActions message={message} regenerateFrom={replyTo} />}
    </div>
  );
});
