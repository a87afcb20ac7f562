// The access tokens screen's state and actions: the user's own tokens (and, for admins, everyone's), creating
// one — whose secret is held here only until the user closes it (shown once, nothing else keeps it) — and
// revoking one (asked first by the screen). Changes go with the session's CSRF token; the API refuses them
// when made with a token.
import { getJson, sendJson } from '../api';
import { i18n, type MessageKey } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { AccessTokenSummary, CreatedAccessToken } from '../types/api-types';
import { mayCall } from '../types/roles';

export const TOKEN_DAY_CHOICES = [30, 90, 365] as const;
export type TokenState = 'active' | 'expired' | 'revoked';

const locale = () => (i18n.lang === 'id' ? 'id-ID' : 'en-GB');
/** A moment as a date and time in the user's language; '' for none. */
export const formatMoment = (iso: string | null): string =>
  iso
    ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso))
    : '';

export function tokenState(t: AccessTokenSummary, now = Date.now()): TokenState {
  if (t.revokedAt) return 'revoked';
  return Date.parse(t.expiresAt) <= now ? 'expired' : 'active';
}

/** The URLs QGIS takes, on this server. */
export const gisUrls = (origin = location.origin) => ({
  style: `${origin}/api/v1/tiles/households/style.json`,
  tilejson: `${origin}/api/v1/tiles/households.json`,
});

export class TokensManager {
  own = $state<AccessTokenSummary[] | undefined>();
  /** Every user's tokens, for admins (undefined for other roles). */
  all = $state<AccessTokenSummary[] | undefined>();
  loadError = $state<string | undefined>();

  name = $state('');
  days = $state<number>(90);
  nameError = $state<string | undefined>();
  saving = $state(false);
  busy = $state<string | undefined>();
  /** The last outcome, for the screen's status line (aria-live). */
  status = $state<{ ok: boolean; text: string } | undefined>();
  /** A new token's secret, until the user closes it. */
  revealed = $state<CreatedAccessToken | undefined>();

  get isAdmin(): boolean {
    return mayCall('GET /api/v1/admin/tokens', session.user?.role);
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const [own, all] = await Promise.all([
        getJson<AccessTokenSummary[]>('/api/v1/tokens', signal),
        this.isAdmin ? getJson<AccessTokenSummary[]>('/api/v1/admin/tokens', signal) : undefined,
      ]);
      this.own = own;
      this.all = all;
    } catch (err) {
      if (!signal?.aborted) this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  private say(ok: boolean, key: MessageKey, params: Record<string, string> = {}) {
    this.status = { ok, text: i18n.t(key, params) };
  }

  /** Creates a token from the form; its secret is revealed once. Returns whether it was created. */
  async create(): Promise<boolean> {
    const name = this.name.trim();
    this.nameError = name ? undefined : i18n.t('tokenNameRequired');
    this.status = undefined;
    if (!name) return false;
    this.saving = true;
    try {
      const made = await sendJson<CreatedAccessToken>(
        'POST',
        '/api/v1/tokens',
        { name, days: this.days },
        session.csrf,
      );
      this.revealed = made;
      this.name = '';
      this.say(true, 'tokenMade', { name });
      await this.load();
      return true;
    } catch (err) {
      this.status = { ok: false, text: err instanceof Error ? err.message : String(err) };
      return false;
    } finally {
      this.saving = false;
    }
  }

  forgetSecret(): void {
    this.revealed = undefined;
  }

  /** Revokes a token: one's own, or (admins) anyone's through the admin route. */
  async revoke(t: AccessTokenSummary): Promise<void> {
    this.busy = t.id;
    this.status = undefined;
    try {
      const mine = t.userId === session.user?.id;
      await sendJson('DELETE', `/api/v1/${mine ? '' : 'admin/'}tokens/${t.id}`, undefined, session.csrf);
      this.say(true, 'tokenRevoked', { name: t.name });
      await this.load();
    } catch (err) {
      this.status = { ok: false, text: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = undefined;
    }
  }
}
