import { createContext, useContext } from 'react';
import type { AttachedFile } from './messages';

/** What a message's buttons can do in the open chat; null where a list is only shown (nothing to act on). */
export interface ChatActions {
  /** Sends a message again as a new one (Retry after an error, Regenerate the last answer). */
  resend: (text: string, files: AttachedFile[]) => void;
  /** Puts a message in the composer to change and send. */
  edit: (text: string, files: AttachedFile[]) => void;
  /** A turn is running: nothing is resent now. */
  busy: boolean;
}

export const ChatActionsContext = createContext<ChatActions | null>(null);

export const useChatActions = () => useContext(ChatActionsContext);
