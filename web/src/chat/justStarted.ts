// Sessions whose first turn the draft view just started. The session's view reads history next; a turn that is quick
// to end (an error after a few tokens) can already be over by then, with its last row (the error card, written after
// the turn is marked ended) not yet stored. That view replays the turn instead of trusting that read.
const started = new Set<string>();

export const markJustStarted = (sessionId: string) => void started.add(sessionId);

export const takeJustStarted = (sessionId: string) => started.delete(sessionId);
