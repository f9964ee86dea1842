import type { AttachedFile } from './messages';

// How the server stores a message's attachments: a block appended to the user's text (WorkspaceFiles.AttachmentBlock
// for a sent message, FollowUpPrompt.AsUserMessage for a queued one). The bubble shows the text without it, and the
// files as chips.
const blockStart = '\n\n[Attached files]\n';
const named = /^- (.+) \([^()]*, [\d.]+ KB\), file_id=([0-9a-f-]{36})$/;
const bare = /^- file_id=([0-9a-f-]{36})$/;

export function splitAttachments(content: string): { text: string; files: AttachedFile[] } {
  const at = content.lastIndexOf(blockStart);
  if (at < 0) return { text: content, files: [] };
  const files: AttachedFile[] = [];
  for (const line of content.slice(at + blockStart.length).split('\n')) {
    const match = named.exec(line);
    const id = match?.[2] ?? bare.exec(line)?.[1];
    if (id) files.push({ id, name: match?.[1] ?? 'Attached file' });
  }
  return files.length > 0 ? { text: content.slice(0, at), files } : { text: content, files: [] };
}
