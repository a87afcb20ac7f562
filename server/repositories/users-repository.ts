// Users, their scopes and login bookkeeping.
import type { Knex } from 'knex';
import type { Role, SessionUser } from '../auth/roles.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
}

export interface NewUser {
  regionCode: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  kelurahan?: readonly string[];
  programs?: readonly string[];
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  kelurahan: string[];
  programs: string[];
  lockedUntil: string | null;
}

export class UsersRepository {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  /** The user and their scopes; run it inside the caller's transaction (with its audit row). */
  async create(u: NewUser): Promise<string> {
    const [row] = await this.knex('users')
      .insert({
        region_code: u.regionCode,
        username: u.username,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        role: u.role,
      })
      .returning<Array<{ id: string }>>('id');
    const scopes = [
      ...(u.kelurahan ?? []).map((code) => ({ user_id: row!.id, scope_type: 'kelurahan', scope_code: code })),
      ...(u.programs ?? []).map((code) => ({ user_id: row!.id, scope_type: 'program', scope_code: code })),
    ];
    if (scopes.length) await this.knex('user_scopes').insert(scopes);
    return row!.id;
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    return this.knex('users')
      .where({ username })
      .first<UserRow | undefined>(
        'id',
        'username',
        'display_name',
        'password_hash',
        'role',
        'disabled',
        'failed_logins',
        'locked_until',
      );
  }

  async exists(username: string): Promise<boolean> {
    return (
      (await this.knex('users').where({ username }).first<{ id: string } | undefined>('id')) !== undefined
    );
  }

  async sessionUser(id: string): Promise<SessionUser | undefined> {
    const row = await this.knex('users')
      .where({ id, disabled: false })
      .first<{ id: string; username: string; display_name: string; role: Role } | undefined>(
        'id',
        'username',
        'display_name',
        'role',
      );
    if (!row) return undefined;
    const scopes = await this.knex('user_scopes')
      .where({ user_id: id })
      .select<Array<{ scope_type: string; scope_code: string }>>('scope_type', 'scope_code');
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      kelurahan: scopes
        .filter((s) => s.scope_type === 'kelurahan')
        .map((s) => s.scope_code)
        .sort(),
      programs: scopes
        .filter((s) => s.scope_type === 'program')
        .map((s) => s.scope_code)
        .sort(),
    };
  }

  async list(regionCode: string): Promise<UserSummary[]> {
    const rows = await this.knex('users as u')
      .leftJoin('user_scopes as s', 's.user_id', 'u.id')
      .where('u.region_code', regionCode)
      .groupBy('u.id')
      .orderBy('u.username')
      .select<
        Array<{
          id: string;
          username: string;
          display_name: string;
          role: Role;
          disabled: boolean;
          locked_until: Date | null;
          kelurahan: string[] | null;
          programs: string[] | null;
        }>
      >(
        'u.id',
        'u.username',
        'u.display_name',
        'u.role',
        'u.disabled',
        // "Locked" is now the login slow-down of the username (login_throttles), shown until its window ends.
        this.knex.raw(
          `(select lt.refused_until from login_throttles lt where lt.key = 'user:' || u.username
             and lt.refused_until > now()) as locked_until`,
        ),
        this.knex.raw(
          "array_remove(array_agg(s.scope_code order by s.scope_code) filter (where s.scope_type = 'kelurahan'), null) as kelurahan",
        ),
        this.knex.raw(
          "array_remove(array_agg(s.scope_code order by s.scope_code) filter (where s.scope_type = 'program'), null) as programs",
        ),
      );
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      disabled: r.disabled,
      kelurahan: r.kelurahan ?? [],
      programs: r.programs ?? [],
      lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
    }));
  }

  /** Within the region when one is given (the API's admins manage their own region's accounts). */
  async setDisabled(id: string, disabled: boolean, regionCode?: string): Promise<boolean> {
    const q = this.knex('users').where({ id });
    if (regionCode !== undefined) void q.where({ region_code: regionCode });
    return (await q.update({ disabled })) === 1;
  }

  async setPassword(username: string, passwordHash: string): Promise<boolean> {
    const n = await this.knex('users').where({ username }).update({
      password_hash: passwordHash,
      password_changed_at: this.knex.fn.now(),
      failed_logins: 0,
      locked_until: null,
    });
    // A new password set by an administrator also ends the username's login slow-down.
    await this.knex('login_throttles')
      .where({ key: `user:${username}` })
      .delete();
    return n === 1;
  }

  async usernameOf(id: string, regionCode?: string): Promise<string | undefined> {
    const q = this.knex('users').where({ id });
    if (regionCode !== undefined) void q.where({ region_code: regionCode });
    return (await q.first<{ username: string } | undefined>('username'))?.username;
  }
}
