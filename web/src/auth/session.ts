import { useSyncExternalStore } from 'react';
import type { TokenResponse } from '../api/types';

/** The signed-in user, kept in localStorage so a reload (and a second tab) stays signed in. */
export interface AuthSession {
  accessToken: string;
  userId: string;
  expiresAt: number;
}

const storageKey = 'copilot.auth';
const listeners = new Set<() => void>();
let cached: AuthSession | null | undefined;

function read(): AuthSession | null {
  if (cached !== undefined) return cached;
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as AuthSession | null;
    cached = parsed && parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    cached = null;
  }
  return cached;
}

function write(session: AuthSession | null) {
  cached = session;
  if (session) localStorage.setItem(storageKey, JSON.stringify(session));
  else localStorage.removeItem(storageKey);
  listeners.forEach((listener) => listener());
}

window.addEventListener('storage', (event) => {
  if (event.key !== storageKey) return;
  cached = undefined;
  listeners.forEach((listener) => listener());
});

export const currentToken = () => read()?.accessToken ?? null;

export function useAuth(): AuthSession | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read,
  );
}

export class SignInUnavailableError extends Error {}

/** Signs in through the gateway's development token endpoint (present only in the Development environment). */
export async function signInForDevelopment(userId: string): Promise<void> {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: userId }),
  });
  if (response.status === 404 || response.status === 405) {
    throw new SignInUnavailableError('Development sign-in is disabled on this server.');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(problem?.detail ?? `Sign-in failed (${response.status}).`);
  }
  const token = (await response.json()) as TokenResponse;
  write({ accessToken: token.access_token, userId: token.user_id, expiresAt: Date.now() + token.expires_in * 1000 });
}

/** Keeps a session obtained elsewhere (the OIDC callback). */
export const storeSession = (session: AuthSession) => write(session);

export const signOut = () => write(null);

/** Called on a 401: the token expired or the server's signing key changed (a new ./run.sh run). */
export const expireSession = () => {
  if (read()) write(null);
};
