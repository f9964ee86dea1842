import type { AuthConfig } from '../api/types';
import { storeSession } from './session';

/**
 * OIDC sign-in as a public client: authorization code flow with PKCE (S256). The verifier and state live in
 * sessionStorage for the round trip through the provider only; nothing else about the provider is stored.
 */

export const callbackPath = '/auth/callback';

const pendingKey = 'copilot.oidc.pending';

interface PendingSignIn {
  state: string;
  verifier: string;
  clientId: string;
  redirectUri: string;
  tokenEndpoint: string;
}

interface DiscoveryDocument {
  authorization_endpoint?: string;
  token_endpoint?: string;
}

interface ProviderTokenResponse {
  access_token?: string;
  expires_in?: number;
}

/** How this server signs users in; a server too old to say still has the development endpoint. */
export async function loadAuthConfig(): Promise<AuthConfig> {
  const response = await fetch('/auth/config');
  if (response.status === 404) return { mode: 'development', authority: null, client_id: null, scope: null };
  if (!response.ok) throw new Error(`Could not load the sign-in settings (${response.status}).`);
  return (await response.json()) as AuthConfig;
}

/** Sends the browser to the provider's sign-in page; returns only if that could not start. */
export async function startOidcSignIn(config: AuthConfig): Promise<void> {
  if (!config.authority || !config.client_id) throw new Error('The server did not name its sign-in provider.');
  if (!window.isSecureContext || !crypto.subtle) throw new Error('Signing in needs a secure page (https).');

  const discoveryUrl = `${config.authority.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const discovery = await fetch(discoveryUrl)
    .then((response) => (response.ok ? (response.json() as Promise<DiscoveryDocument>) : null))
    .catch(() => null);
  if (!discovery?.authorization_endpoint || !discovery.token_endpoint) {
    throw new Error('The sign-in provider cannot be reached right now. Please try again later.');
  }

  const verifier = randomToken(32);
  const pending: PendingSignIn = {
    state: randomToken(16),
    verifier,
    clientId: config.client_id,
    redirectUri: window.location.origin + callbackPath,
    tokenEndpoint: discovery.token_endpoint,
  };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));

  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: pending.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scope ?? 'openid',
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
  }).toString();
  window.location.assign(authorize.toString());
}

/** Finishes a sign-in on the callback page: checks the state, exchanges the code and keeps the session. */
export async function completeOidcSignIn(query: URLSearchParams): Promise<void> {
  const pending = takePending();
  const error = query.get('error');
  if (error) {
    throw new Error(error === 'access_denied' ? 'Sign-in was cancelled or denied.' : `The sign-in provider refused: ${query.get('error_description') ?? error}.`);
  }

  // A response to a sign-in this tab did not start (a forged or replayed link) must never sign anyone in.
  if (!pending || query.get('state') !== pending.state) {
    throw new Error('This sign-in response does not match a sign-in started here, so it was refused. Please sign in again.');
  }

  const code = query.get('code');
  if (!code) throw new Error('The sign-in provider sent no authorization code.');

  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  }).catch(() => null);
  if (!response) throw new Error('The sign-in provider cannot be reached right now. Please try again.');
  const token = (await response.json().catch(() => null)) as (ProviderTokenResponse & { error?: string; error_description?: string }) | null;
  if (!response.ok || !token?.access_token) {
    throw new Error(`The sign-in could not be completed: ${token?.error_description ?? token?.error ?? `${response.status} ${response.statusText}`}`);
  }

  const claims = claimsOf(token.access_token);
  if (typeof claims?.sub !== 'string' || !claims.sub) throw new Error('The access token names no user (no sub claim).');
  const expiresAt = token.expires_in ? Date.now() + token.expires_in * 1000 : typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3600_000;
  storeSession({ accessToken: token.access_token, userId: claims.sub, expiresAt });
}

/** Read once: a second use of the same callback URL finds nothing and is refused. */
function takePending(): PendingSignIn | null {
  const stored = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  try {
    return stored ? (JSON.parse(stored) as PendingSignIn) : null;
  } catch {
    return null;
  }
}

/** The access token's payload (not verified here: the gateway and services verify every request). */
function claimsOf(jwt: string): { sub?: unknown; exp?: unknown } | null {
  try {
    const payload = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as { sub?: unknown; exp?: unknown };
  } catch {
    return null;
  }
}

function randomToken(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
