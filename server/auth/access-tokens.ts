// Personal access tokens (for QGIS and scripts): the secret's form, and reading it from an Authorization
// header. A token is `sdk_` + 32 random bytes in base64url (43 characters): the prefix lets secret scanners and
// people recognise it; 256 bits make guessing pointless, so failed attempts need no slow-down of their own
// beyond the API's rate limit. Only its sha-256 digest is stored (auth/passwords.ts tokenDigest).
import { randomToken } from './passwords.ts';

export const TOKEN_PREFIX = 'sdk_';
/** Characters of the secret shown on screen to tell tokens apart (e.g. `sdk_ab12cd`). */
export const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
export const TOKEN_DAYS = { default: 90, max: 365 } as const;
export const TOKEN_REALM = 'Sidaksos';

const TOKEN_FORM = /^sdk_[A-Za-z0-9_-]{43}$/;

export function newAccessToken(): { secret: string; prefix: string } {
  const secret = TOKEN_PREFIX + randomToken(32);
  return { secret, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH) };
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_FORM.test(value);
}

/**
 * What an Authorization header offers: a token by Bearer, or by Basic with the token as the password (QGIS's
 * basic authentication); `username` is the Basic user name, which must be the token owner's. `malformed` is
 * a header we do not accept (another scheme, a password that is not a token); undefined means no header.
 */
export type PresentedCredentials =
  | { scheme: 'bearer' | 'basic'; token: string; username?: string }
  | { scheme: 'bearer' | 'basic' | 'other'; malformed: true };

export function readAuthorization(header: string | undefined): PresentedCredentials | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  const scheme = match?.[1]?.toLowerCase();
  const value = match?.[2] ?? '';
  if (scheme === 'bearer') {
    return looksLikeToken(value) ? { scheme, token: value } : { scheme, malformed: true };
  }
  if (scheme === 'basic') {
    const decoded = value.length <= 400 ? Buffer.from(value, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const username = decoded.slice(0, colon);
    const token = decoded.slice(colon + 1);
    return colon > 0 && looksLikeToken(token) ? { scheme, token, username } : { scheme, malformed: true };
  }
  return { scheme: 'other', malformed: true };
}

/** Query parameters a client might put a token in; a token in a URL ends up in logs and histories. */
const URL_TOKEN_PARAMS = ['token', 'access_token', 'api_key'];

/** A query parameter that carries a token: by its name, or by its value's `sdk_` form. */
function carriesToken(name: string, value: string): boolean {
  return URL_TOKEN_PARAMS.includes(name.toLowerCase()) || value.startsWith(TOKEN_PREFIX);
}

/**
 * The URL as it may be written to a log: the values of parameters that carry a token blanked. Such a request
 * is refused (400 token-in-url), but the refusal is logged with its URL, and a log must not hold the secret.
 */
export function urlForLog(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 || tokenInQuery(url) === undefined) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const [name, value] of [...params]) if (carriesToken(name, value)) params.set(name, '…');
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** The name of a query parameter carrying a token (by name or by its sdk_ value), if any. */
export function tokenInQuery(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
    if (carriesToken(name, value)) return name;
  }
  return undefined;
}
