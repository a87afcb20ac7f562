// The users screen's state and actions (admins): the accounts with their scopes named, a new account with its
// role and scope, disabling and enabling one (asked first by the screen), and a password reset whose generated
// password is held here only until the admin closes it (it is shown once; nothing else keeps it).
import { fetchAreas, fetchPrograms, getJson } from '../api';
import { i18n, type MessageKey } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { GeneratedPassword, NewUser, Role, UserSummary } from '../types/api-types';
import { AdminRequestError, adminPost } from './admin-request';

export interface ScopeOption {
  code: string;
  label: string;
}

export interface CreateForm {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  kelurahan: string[];
  programs: string[];
}

const emptyForm = (): CreateForm => ({
  username: '',
  displayName: '',
  role: 'operator',
  password: '',
  kelurahan: [],
  programs: [],
});

/** The scope a role takes: operators kelurahan, OPD staff programs, the others the whole city. */
export const scopeKindOf = (role: Role): 'kelurahan' | 'programs' | null =>
  role === 'operator' ? 'kelurahan' : role === 'opd' ? 'programs' : null;

/** The request body for a form: only the scope its role takes. */
export function newUserBody(form: CreateForm): NewUser {
  const kind = scopeKindOf(form.role);
  return {
    username: form.username.trim().toLowerCase(),
    displayName: form.displayName.trim(),
    role: form.role,
    password: form.password,
    ...(kind === 'kelurahan' ? { kelurahan: [...form.kelurahan] } : {}),
    ...(kind === 'programs' ? { programs: [...form.programs] } : {}),
  };
}

export class UsersManager {
  users = $state<UserSummary[] | undefined>();
  kelurahan = $state<ScopeOption[]>([]);
  programs = $state<ScopeOption[]>([]);
  loadError = $state<string | undefined>();

  form = $state<CreateForm>(emptyForm());
  /** Refusals of the last create, by field ('' for one that names none). */
  fieldErrors = $state<Record<string, string>>({});
  saving = $state(false);

  /** The last outcome, for the screen's status line (aria-live). */
  status = $state<{ ok: boolean; text: string } | undefined>();
  /** A generated password, until the admin closes it. */
  revealed = $state<GeneratedPassword | undefined>();
  busy = $state<string | undefined>();

  private names = $derived({
    kelurahan: Object.fromEntries(this.kelurahan.map((k) => [k.code, k.label])) as Record<string, string>,
    programs: Object.fromEntries(this.programs.map((p) => [p.code, p.label])) as Record<string, string>,
  });

  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const [users, areas, programs] = await Promise.all([
        getJson<UserSummary[]>('/api/v1/users', signal),
        fetchAreas('kelurahan', signal),
        fetchPrograms(signal),
      ]);
      this.users = users;
      this.kelurahan = areas.features
        .map((f) => ({
          code: f.properties.code,
          label: f.properties.kecamatan
            ? `${f.properties.name} (${f.properties.kecamatan})`
            : f.properties.name,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'id'));
      this.programs = programs.map((p) => ({ code: p.code, label: p.name }));
    } catch (err) {
      if (!signal?.aborted) this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  /** An account's scope by names: its kelurahan or programs, or the whole city. */
  scopeNames(u: UserSummary): string[] {
    if (u.kelurahan.length) return u.kelurahan.map((c) => this.names.kelurahan[c] ?? c);
    if (u.programs.length) return u.programs.map((c) => this.names.programs[c] ?? c);
    return [];
  }

  private say(ok: boolean, key: MessageKey, params: Record<string, string> = {}) {
    this.status = { ok, text: i18n.t(key, params) };
  }

  private async refreshList(): Promise<void> {
    this.users = await getJson<UserSummary[]>('/api/v1/users');
  }

  /** Creates the account from the form; refusals land on their fields. Returns whether it was created. */
  async create(): Promise<boolean> {
    const body = newUserBody(this.form);
    this.fieldErrors = {};
    this.status = undefined;
    this.saving = true;
    try {
      await adminPost('/api/v1/users', body, session.csrf);
      this.form = emptyForm();
      this.say(true, 'userCreated', { username: body.username });
      await this.refreshList();
      return true;
    } catch (err) {
      if (err instanceof AdminRequestError) this.fieldErrors = { [err.field ?? '']: err.message };
      else this.fieldErrors = { '': err instanceof Error ? err.message : String(err) };
      return false;
    } finally {
      this.saving = false;
    }
  }

  private async act(u: UserSummary, run: () => Promise<void>): Promise<void> {
    // The buttons stay enabled while it runs (a disabled button drops focus): a second press is ignored here.
    if (this.busy) return;
    this.busy = u.id;
    this.status = undefined;
    try {
      await run();
      await this.refreshList();
    } catch (err) {
      this.status = { ok: false, text: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = undefined;
    }
  }

  setDisabled(u: UserSummary, disabled: boolean): Promise<void> {
    return this.act(u, async () => {
      await adminPost(`/api/v1/users/${u.id}/${disabled ? 'disable' : 'enable'}`, undefined, session.csrf);
      this.say(true, disabled ? 'userDisabledDone' : 'userEnabledDone', { username: u.username });
    });
  }

  resetPassword(u: UserSummary): Promise<void> {
    return this.act(u, async () => {
      this.revealed = await adminPost<GeneratedPassword>(
        `/api/v1/users/${u.id}/password`,
        undefined,
        session.csrf,
      );
      this.say(true, 'passwordResetDone', { username: u.username });
    });
  }

  /** Forgets the generated password (the dialog closed): it is never shown again. */
  forgetPassword(): void {
    this.revealed = undefined;
  }
}
