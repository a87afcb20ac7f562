// The logged-in user (if any) and the CSRF token for state-changing requests.
import { getJson, sendJson, type SessionInfo } from './api';

class Session {
  info = $state<SessionInfo | null>(null);
  checked = $state(false);

  /** The token every state-changing request must carry. */
  get csrf(): string | null {
    return this.info?.csrfToken ?? null;
  }
  get user() {
    return this.info?.user ?? null;
  }

  async refresh(): Promise<void> {
    try {
      const me = await getJson<{ user: SessionInfo['user'] | null; csrfToken: string | null }>(
        '/api/v1/auth/me',
      );
      this.info = me.user && me.csrfToken ? { user: me.user, csrfToken: me.csrfToken } : null;
    } finally {
      this.checked = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    this.info =
      (await sendJson<SessionInfo>('POST', '/api/v1/auth/login', { username, password }, null)) ?? null;
  }

  async logout(): Promise<void> {
    await sendJson('POST', '/api/v1/auth/logout', undefined, this.info?.csrfToken ?? null);
    this.info = null;
  }
}

export const session = new Session();
