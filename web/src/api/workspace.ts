import { ApiError, apiJson, authHeaders, problemText } from './http';
import type { WorkspaceFile, WorkspaceQuota } from './types';

const files = '/api/workspace/files';

export const getWorkspaceQuota = async () => (await apiJson<{ quota: WorkspaceQuota }>(`${files}?limit=1&offset=0`)).quota;

export interface Upload {
  done: Promise<WorkspaceFile>;
  abort: () => void;
}

/**
 * Uploads one file as multipart form data. XMLHttpRequest rather than fetch: only it reports upload progress.
 * A refusal (too large, quota used up) rejects with the server's problem text.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Upload {
  const request = new XMLHttpRequest();
  const done = new Promise<WorkspaceFile>((resolve, reject) => {
    request.open('POST', files);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve(JSON.parse(request.responseText) as WorkspaceFile);
      else reject(new ApiError(request.status, request.status === 413 ? 'The file is too large to upload.' : problemText(request.responseText)));
    };
    request.onerror = () => reject(new ApiError(0, 'The upload failed: the connection was lost.'));
    request.onabort = () => reject(new ApiError(0, 'Upload cancelled.'));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
  return { done, abort: () => request.abort() };
}
