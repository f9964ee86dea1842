import { isToolOrDynamicToolUIPart } from 'ai';
import { memo } from 'react';
import { Markdown } from './Markdown';
import { ReasoningBlock } from './ReasoningBlock';
import { ToolStep } from './ToolStep';
import { textOf, type ChatMessage } from './messages';

interface Props {
  message: ChatMessage;
  streaming: boolean;
}

function AssistantParts({ message, streaming }: Props) {
  const parts = message.parts;
  return (
    <>
      {parts.map((part, index) => {
        const key = `${message.id}-${index}`;
        if (part.type === 'text') return <Markdown key={key} text={part.text} />;
        if (part.type === 'reasoning') {
          return part.text.trim() ? <ReasoningBlock key={key} text={part.text} streaming={streaming && part.state === 'streaming'} /> : null;
        }
        if (isToolOrDynamicToolUIPart(part)) return <ToolStep key={key} part={part} />;
        // step-start and data-* parts carry no text of their own.
        return null;
      })}
      {streaming && parts.every((part) => part.type === 'step-start' || part.type.startsWith('data-')) && (
        <p className="typing">Copilot is thinking…</p>
      )}
    </>
  );
}

export const MessageBubble = memo(function MessageBubble({ message, streaming }: Props) {
  if (message.role === 'system') {
    return (
      <p className="notice" role="note" data-testid="notice">
        {textOf(message)}
      </p>
    );
  }
  if (message.role === 'user') {
    return (
      <article className="bubble user" aria-label="You said" data-testid="user-message">
        <p>{textOf(message)}</p>
      </article>
    );
  }
  return (
    <article className="bubble assistant" aria-label="Copilot said" aria-busy={streaming} data-testid="assistant-message" data-streaming={streaming}>
      <AssistantParts message={message} streaming={streaming} />
    </article>
  );
});
