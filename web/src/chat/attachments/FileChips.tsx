import type { AttachedFile } from '../messages';

/** The files a sent message carried. */
export function FileChips({ files }: { files: AttachedFile[] | undefined }) {
  if (!files || files.length === 0) return null;
  return (
    <ul className="file-chips" aria-label="Files">
      {files.map((file) => (
        <li key={file.id} className="file-chip" data-testid="message-file">
          {file.name}
        </li>
      ))}
    </ul>
  );
}
