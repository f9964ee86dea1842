import { currentToken, expireSession } from '../auth/session';

/** A failed API call, carrying the problem detail's text when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** Headers for an authenticated call; the AI SDK transport uses them too. */
export function authHeaders(): Record<string, string> {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(authHeaders())) headers.set(name, value);
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  // An expired or foreign token: back to sign-in rather than a page of errors.
  if (response.status === 401) expireSession();
  return response;
}

export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  if (!response.ok) throw await toApiError(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export async function toApiError(response: Response): Promise<ApiError> {
  return new ApiError(response.status, problemText(await response.text(), response));
}

/** The human part of an RFC 7807 body (detail, else title), or the status line. */
export function problemText(body: string, response?: Response): string {
  try {
    const problem = JSON.parse(body) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === 'string' && problem.detail) return problem.detail;
    if (typeof problem.title === 'string' && problem.title) return problem.title;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  if (body.trim()) return body.trim().slice(0, 300);
  return response ? `${response.status} ${response.statusText}`.trim() : 'Request failed.';
}

export const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body) });
