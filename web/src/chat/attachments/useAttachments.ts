import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../../api/http';
import type { WorkspaceQuota } from '../../api/types';
import { getWorkspaceQuota, uploadFile } from '../../api/workspace';
import type { AttachedFile } from '../messages';

export interface Attachment {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'ready' | 'failed';
  error?: string;
  fileId?: string;
}

let keys = 0;

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 1 : 0)} MB`;

/** Why a file cannot be uploaded, known before sending it (the server checks again and may say more). */
function tooBig(file: File, quota: WorkspaceQuota | null): string | null {
  if (!quota) return null;
  if (file.size > quota.max_file_bytes) return `${file.name} is ${megabytes(file.size)}; files can be at most ${megabytes(quota.max_file_bytes)}.`;
  if (quota.used_bytes + file.size > quota.max_bytes) return `${file.name} does not fit: your workspace has ${megabytes(Math.max(0, quota.max_bytes - quota.used_bytes))} free.`;
  return null;
}

/** Files picked or dropped on the composer: each uploads to the workspace at once, with progress, until sent. */
export function useAttachments() {
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const quota = useRef<WorkspaceQuota | null>(null);

  const update = (key: string, change: Partial<Attachment>) =>
    setAttachments((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const add = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    if (!quota.current) quota.current = await getWorkspaceQuota().catch(() => null);
    for (const file of files) {
      const key = `attachment-${++keys}`;
      const refused = tooBig(file, quota.current);
      setAttachments((current) => [...current, { key, name: file.name, size: file.size, progress: 0, state: refused ? 'failed' : 'uploading', error: refused ?? undefined }]);
      if (refused) continue;
      const upload = uploadFile(file, (progress) => update(key, { progress }));
      aborts.current.set(key, upload.abort);
      upload.done
        .then((stored) => {
          update(key, { state: 'ready', progress: 1, fileId: stored.id, name: stored.name });
          if (quota.current) quota.current = { ...quota.current, used_bytes: quota.current.used_bytes + stored.size_bytes };
        })
        .catch((failure: unknown) => update(key, { state: 'failed', error: failure instanceof ApiError ? failure.message : 'The upload failed.' }))
        .finally(() => aborts.current.delete(key));
    }
  }, []);

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    setAttachments((current) => current.filter((item) => item.key !== key));
  }, []);

  /** Hands the uploaded files over for sending and empties the tray (failed ones go with it: they were shown). */
  const take = useCallback((): AttachedFile[] => {
    const ready = attachments.filter((item) => item.state === 'ready' && item.fileId).map((item) => ({ id: item.fileId!, name: item.name }));
    setAttachments([]);
    return ready;
  }, [attachments]);

  /** Puts the files of a message that was not sent back in the tray. */
  const restore = useCallback((files: AttachedFile[]) => {
    setAttachments((current) => [
      ...current,
      ...files.map((file) => ({ key: `attachment-${++keys}`, name: file.name, size: 0, progress: 1, state: 'ready' as const, fileId: file.id })),
    ]);
  }, []);

  return { attachments, add, remove, take, restore, uploading: attachments.some((item) => item.state === 'uploading') };
}

export type Attachments = ReturnType<typeof useAttachments>;
