/** A session's name from its first message, as the list shows it. */
export const titleFrom = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
