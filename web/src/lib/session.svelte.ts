// The logged-in user (if any) and the CSRF token for state-changing requests.
import { getJson, sendJson, type SessionInfo } from './api';
import type { Me } from './types/api-types';
import { mayCall, type PolicyRoute } from './types/roles';

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
