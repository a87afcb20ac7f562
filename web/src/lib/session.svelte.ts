// The logged-in user (if any) and the CSRF token for state-changing requests.
import { ApiError, getJson, sendJson, type SessionInfo } from './api';
import type { Me } from './types/api-types';
import { mayCall, type PolicyRoute } from './types/roles';
import { forgetAtLogout, keepOfflineUser, offlineUser } from './verivali/verivali-storage';

class Session {
  info = $state<SessionInfo | null>(null);
  checked = $state(false);

  /** The token every state-changing request must carry. */
  get csrf(): string | null {
    return this.info?.csrfToken || null;
  }
  get user() {
    return this.info?.user ?? null;
  }

  /**
   * Whether the user may call a route, by the server's access policy (e.g. 'PATCH /api/v1/households/:id'):
   * controls show for exactly the roles the API lets through, without a role list of their own.
   */
  may(route: PolicyRoute): boolean {
    return mayCall(route, this.user?.role);
  }

  async refresh(): Promise<void> {
    try {
      const me = await getJson<Me>('/api/v1/auth/me');
      this.info = me.user && me.csrfToken ? { user: me.user, csrfToken: me.csrfToken } : null;
      keepOfflineUser(this.user);
    } catch (err) {
      // Without a signal a field verifier still opens its screen (verivali/verivali-storage.ts), with no CSRF
      // token: nothing is sent until the network is back and the session has been asked for again.
      const user = err instanceof ApiError && err.kind === 'network' ? offlineUser() : null;
      if (!user) throw err;
      this.info = { user, csrfToken: '' };
    } finally {
      this.checked = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    this.info =
      (await sendJson<SessionInfo>('POST', '/api/v1/auth/login', { username, password }, null)) ?? null;
    keepOfflineUser(this.user);
  }

  async logout(): Promise<void> {
    const username = this.user?.username;
    await sendJson('POST', '/api/v1/auth/logout', undefined, this.csrf);
    this.info = null;
    if (username) forgetAtLogout(username);
  }
}

export const session = new Session();
