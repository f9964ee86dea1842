import type { Attachment } from './useAttachments';

/** The files waiting in the composer: name, upload progress or the reason it failed, and a remove button. */
export function AttachmentTray({ attachments, onRemove }: { attachments: Attachment[]; onRemove: (key: string) => void }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-tray" aria-label="Attached files">
      {attachments.map((item) => (
        <li key={item.key} className={`attachment ${item.state}`} data-testid="attachment" data-state={item.state}>
          <span className="attachment-name">{item.name}</span>
          {item.state === 'uploading' && (
            <progress max={1} value={item.progress} aria-label={`Uploading ${item.name}`}>
              {Math.round(item.progress * 100)}%
            </progress>
          )}
          {item.state === 'failed' && (
            <span className="attachment-error" role="alert">
              {item.error}
            </span>
          )}
          <button type="button" className="icon-button" onClick={() => onRemove(item.key)} aria-label={`Remove ${item.name}`}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
