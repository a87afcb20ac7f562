// What a field verifier's phone keeps for the verivali screen between visits to the app (local storage, one
// set per user): the assigned list as last loaded, the visits not yet sent, the conflicts the server answered,
// and who was signed in, so the screen opens without a signal. Never in the service worker's cache, which no
// logout clears. Logging out forgets the list, the conflicts and the user; the unsent visits stay, to be sent
// when the same user signs in again (they are field work that exists nowhere else), but without the head of
// family's name each carried for the screen (the notes and changes the verifier typed stay: they are the
// visit). The header asks before such a logout and says so (AppHeader.svelte).
import type { SessionUser } from '../types/api-types';

type What = 'list' | 'queue' | 'conflicts';

const key = (user: string, what: What) => `sidaksos.verivali.${what}.${user}`;
const SESSION_KEY = 'sidaksos.verivali.session';

function read<T>(k: string): T | undefined {
  try {
    const raw = localStorage.getItem(k);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined; // storage blocked or its content damaged: start afresh
  }
}

function remove(k: string): void {
  try {
    localStorage.removeItem(k);
  } catch {
    // Storage blocked: nothing was kept either.
  }
}

/** One user's copies. */
export class PhoneStore {
  constructor(private readonly user: string) {}

  read<T>(what: What): T | undefined {
    return read<T>(key(this.user, what));
  }

  /** False when the phone refused (storage full or blocked): the value lives in memory for this visit only. */
  write(what: What, value: unknown): boolean {
    try {
      localStorage.setItem(key(this.user, what), JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Remembers a signed-in field verifier for opening the screen offline (no CSRF token: it is asked for again
 * once the network is back). Any other user, or nobody, is not kept.
 */
export function keepOfflineUser(user: SessionUser | null): void {
  if (user?.role !== 'verifier') remove(SESSION_KEY);
  else
    try {
      localStorage.setItem(SESSION_KEY, JSON.stringify(user));
    } catch {
      // Storage blocked: the screen needs a signal to open.
    }
}

/** The verifier last signed in on this phone, when the server cannot be asked. */
export function offlineUser(): SessionUser | null {
  const user = read<SessionUser>(SESSION_KEY);
  return user?.role === 'verifier' && typeof user.username === 'string' ? user : null;
}

/** Visits this user's phone holds unsent: what a logout would leave on the phone until the next sign-in. */
export function unsentVisits(username: string): number {
  const queue = read<unknown>(key(username, 'queue'));
  return Array.isArray(queue) ? queue.length : 0;
}

/**
 * At logout: the user's list, conflicts and offline sign-in are forgotten; its unsent visits are kept without
 * the names shown with them (the list, read again at the next sign-in, names them).
 */
export function forgetAtLogout(username: string): void {
  remove(key(username, 'list'));
  remove(key(username, 'conflicts'));
  if (read<SessionUser>(SESSION_KEY)?.username === username) remove(SESSION_KEY);
  const queue = read<unknown>(key(username, 'queue'));
  if (Array.isArray(queue) && queue.length > 0)
    new PhoneStore(username).write(
      'queue',
      (queue as unknown[]).map((q) => (q && typeof q === 'object' ? { ...q, head: null } : q)),
    );
}
