import { useCallback, useRef, useState } from 'react';
import { peekPending, sendOutsideChat, withdrawFollowUp } from '../api/chat';
import { ApiError } from '../api/http';
import { useInterval } from '../app/events';
import { insertBeforeStreaming, localUserMessage, type AttachedFile, type ChatMessage } from './messages';

export interface Chip {
  id: string;
  text: string;
  files?: AttachedFile[];
}

interface Options {
  sessionId: string;
  inFlight: boolean;
  setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void;
  /** Attach to the session's running turn (after an auto-continue started one). */
  resume: () => void;
  onError: (message: string) => void;
  /** A follow-up the server refused (e.g. too many queued): no chip, and its text goes back to the composer. */
  onRefused: (text: string, files: AttachedFile[], reason: string) => void;
  /** The server started a turn with the message after all, or (a repeat of the running turn's message) joined it. */
  onStartedInstead: (text: string, files: AttachedFile[]) => void;
}

let chipIds = 0;
const toChip = (text: string, files?: AttachedFile[]): Chip => ({ id: `chip-${++chipIds}`, text, files });

/** The chips the server no longer holds, oldest first (the executor drains from the front of the buffer). */
function drainedChips(chips: Chip[], stillQueued: string[]): Chip[] {
  const remaining = [...stillQueued];
  const drained: Chip[] = [];
  for (const chip of [...chips].reverse()) {
    const at = remaining.lastIndexOf(chip.text);
    if (at >= 0) remaining.splice(at, 1);
    else drained.unshift(chip);
  }
  return drained;
}

/**
 * The life of follow-ups typed while a turn runs (the server's 202 path): each becomes a "queued" chip; while the
 * turn runs the pending buffer is peeked, and a chip the executor drained at a tool boundary becomes a user bubble
 * (placed before the streaming answer, and at its stored position once the turn ends and history is re-read).
 * After a reload the chips come back from the peek. When a turn ends with chips still queued (no tool boundary came),
 * one empty "continue" turn is started so the executor picks them up at turn start.
 */
export function usePendingChips({ sessionId, inFlight, setMessages, resume, onError, onRefused, onStartedInstead }: Options) {
  const [chips, setChips] = useState<Chip[]>([]);
  const chipsRef = useRef(chips);
  chipsRef.current = chips;
  const continueBudget = useRef(1);

  const reconcile = useCallback(async () => {
    const peek = await peekPending(sessionId);
    const drained = drainedChips(chipsRef.current, peek.messages);
    if (drained.length > 0) {
      const gone = new Set(drained.map((chip) => chip.id));
      setChips((current) => current.filter((chip) => !gone.has(chip.id)));
      setMessages((messages) => insertBeforeStreaming(messages, drained.map((chip) => localUserMessage(chip.text, chip.files))));
    }
    return peek;
  }, [sessionId, setMessages]);

  /** Queues a follow-up (or, if the turn ended a moment ago, starts the next turn with it). */
  const queue = useCallback(
    async (text: string, files: AttachedFile[] = []) => {
      const chip = toChip(text, files);
      setChips((current) => [...current, chip]);
      continueBudget.current = 1;
      try {
        const outcome = await sendOutsideChat(sessionId, text, files.map((file) => file.id));
        if (outcome.kind === 'started') {
          setChips((current) => current.filter((c) => c.id !== chip.id));
          onStartedInstead(text, files);
        }
      } catch (failure) {
        setChips((current) => current.filter((c) => c.id !== chip.id));
        onRefused(text, files, failure instanceof ApiError ? failure.message : 'The message could not be queued.');
      }
    },
    [sessionId, onRefused, onStartedInstead],
  );

  /** Takes a queued message back before it is delivered; one delivered meanwhile stays (and becomes a bubble). */
  const withdraw = useCallback(
    async (chip: Chip) => {
      try {
        await withdrawFollowUp(sessionId, chip.text);
        setChips((current) => current.filter((c) => c.id !== chip.id));
      } catch (failure) {
        onError(failure instanceof ApiError && failure.status === 404 ? 'Too late to remove it: the answer has already taken that message in.' : 'The message could not be removed.');
        void reconcile().catch(() => undefined);
      }
    },
    [sessionId, onError, reconcile],
  );

  /** A 202 seen by the chat transport: the optimistic bubble becomes a chip. */
  const queuedByServer = useCallback(
    (text: string) => {
      setMessages((messages) => {
        const last = messages[messages.length - 1];
        return last?.role === 'user' ? messages.slice(0, -1) : messages;
      });
      setChips((current) => [...current, toChip(text)]);
      continueBudget.current = 1;
    },
    [setMessages],
  );

  /** After a turn ended and history was re-read: clear what was consumed, or continue once for what was not. */
  const afterTurn = useCallback(async () => {
    const peek = await peekPending(sessionId);
    setChips((current) => (peek.count === 0 ? [] : peek.messages.map((text) => current.find((c) => c.text === text) ?? toChip(text))));
    if (peek.count === 0 || continueBudget.current <= 0) return;
    continueBudget.current -= 1;
    try {
      await sendOutsideChat(sessionId, '');
      resume();
    } catch (failure) {
      onError(failure instanceof ApiError ? failure.message : 'Queued messages could not be delivered.');
    }
  }, [sessionId, resume, onError]);

  /** The chips of a turn still running when the page loaded (a reload): straight from the peek. */
  const restore = useCallback(async () => {
    const peek = await peekPending(sessionId);
    setChips(peek.messages.map((text) => toChip(text)));
  }, [sessionId]);

  useInterval(() => void reconcile().catch(() => undefined), 1200, inFlight && chips.length > 0);

  /** After Stop the user wants quiet: queued messages wait for the next turn instead of starting one. */
  const hold = useCallback(() => {
    continueBudget.current = 0;
  }, []);

  /**
   * A data part of the running turn: the executor's "data-follow-ups" names the messages it just delivered, so their
   * chips become bubbles at once; any other part is only a hint to check the queue.
   */
  const onDataPart = useCallback(
    (part: { type: string; data: unknown }) => {
      const delivered = (part.data as { messages?: unknown } | null)?.messages;
      if (part.type === 'data-follow-ups' && Array.isArray(delivered)) {
        const drained = drainedChips(chipsRef.current, chipsRef.current.map((chip) => chip.text).filter((text) => !delivered.includes(text)));
        if (drained.length === 0) return;
        const gone = new Set(drained.map((chip) => chip.id));
        setChips((current) => current.filter((chip) => !gone.has(chip.id)));
        setMessages((messages) => insertBeforeStreaming(messages, drained.map((chip) => localUserMessage(chip.text))));
      } else if (chipsRef.current.length > 0) {
        void reconcile().catch(() => undefined);
      }
    },
    [reconcile, setMessages],
  );

  return { chips, queue, withdraw, queuedByServer, afterTurn, restore, hold, onDataPart };
}
