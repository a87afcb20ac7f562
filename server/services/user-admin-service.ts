// Creating, disabling and resetting users with the rules that span repositories: password rules, scope codes
// that exist, one scope kind per role. Each change commits with its audit row in one transaction. Shared by
// the API and the CLI, so both audit an account change the same way (the CLI's rows name the OS user).
import { randomInt } from 'node:crypto';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import { checkPassword } from '../domain/password-rules.ts';
import type { MessageKey, MessageParams } from '../i18n/translate.ts';
import { hasSqlState, SQLSTATE } from '../lib/database-errors.ts';
import { notFoundT, problem, problemWithReason } from '../lib/problem.ts';
import type { UserSummary } from '../repositories/users-repository.ts';
import { auditBy, systemActor, type Actor } from './actor.ts';
import type { Db } from './db.ts';

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  kelurahan?: string[];
  programs?: string[];
}

/** A refusal naming the form field it is about (`field`), so a form can show it there. */
const invalidT = (key: MessageKey, params?: MessageParams, field?: string) =>
  problem(400, 'invalid-user', key, params, field ? { field } : {});
const exists = (username: string) =>
  problem(409, 'user-exists', 'user.exists', { username }, { field: 'username' });
const weak = (keys: readonly MessageKey[]) =>
  problemWithReason(
    400,
    'invalid-user',
    'user.passwordWeak',
    {},
    keys.map((key) => ({ key })),
    { field: 'password' },
  );

// Generated passwords: 20 characters from letters and digits without look-alikes (0/O, 1/l/I), with a hyphen
// every five so they can be read out and typed: about 110 bits, far beyond the password rules.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

export class UserAdminService {
  constructor(
    private readonly db: Db,
    private readonly regionCode: string,
  ) {}

  list(): Promise<UserSummary[]> {
    return this.db.repos.users.list(this.regionCode);
  }

  /** Creates the account and its scopes; without an actor it is the system's doing (demo accounts, fixtures). */
  async create(input: CreateUserInput, actor: Actor = systemActor(this.regionCode)): Promise<string> {
    const username = input.username.toLowerCase();
    const check = checkPassword(input.password, username);
    if (!check.ok) throw weak(check.keys);
    const kelurahan = input.kelurahan ?? [];
    const programs = input.programs ?? [];
    if (input.role === 'operator' && kelurahan.length === 0)
      throw invalidT('user.operatorNeedsKelurahan', {}, 'kelurahan');
    if (input.role === 'opd' && programs.length === 0)
      throw invalidT('user.opdNeedsPrograms', {}, 'programs');
    // A field verifier may be scoped to kelurahan too: then only their households can be assigned to it.
    if (input.role !== 'operator' && input.role !== 'verifier' && kelurahan.length)
      throw invalidT('user.onlyOperatorsKelurahan', { role: input.role }, 'kelurahan');
    if (input.role !== 'opd' && programs.length)
      throw invalidT('user.onlyOpdPrograms', { role: input.role }, 'programs');
    const { regions, programs: programRepo, users } = this.db.repos;
    const knownKel = await regions.kelurahanCodes(this.regionCode, kelurahan);
    const unknownKel = kelurahan.filter((k) => !knownKel.includes(k));
    if (unknownKel.length)
      throw invalidT('user.unknownKelurahan', { codes: unknownKel.join(', ') }, 'kelurahan');
    const knownPrograms = await programRepo.existingCodes(this.regionCode, programs);
    const unknownPrograms = programs.filter((p) => !knownPrograms.includes(p));
    if (unknownPrograms.length)
      throw invalidT('user.unknownPrograms', { codes: unknownPrograms.join(', ') }, 'programs');
    if (await users.exists(username)) throw exists(username);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.db.transaction(async (repos) => {
        const id = await repos.users.create({
          regionCode: this.regionCode,
          username,
          displayName: input.displayName,
          passwordHash,
          role: input.role,
          kelurahan,
          programs,
        });
        await repos.audit.append({
          ...auditBy(actor),
          action: 'admin',
          entity: 'user',
          entityIds: [id],
          changes: {
            created: { username, role: input.role, kelurahan: input.kelurahan, programs: input.programs },
          },
        });
        return id;
      });
    } catch (err) {
      // Two creations of one name at once: the second meets the unique index, and hears what the check says.
      if (hasSqlState(err, SQLSTATE.uniqueViolation)) throw exists(username);
      throw err;
    }
  }

  /** Disables the account and ends its sessions. Nobody disables themselves (an admin could lock all out). */
  async disable(id: string, actor: Actor): Promise<void> {
    if (actor.user && id === actor.user.id) throw invalidT('user.cannotDisableSelf');
    await this.setDisabled(id, true, actor);
  }

  /** Lets a disabled account log in again (with its password as it was; reset it if that is unknown). */
  async enable(id: string, actor: Actor): Promise<void> {
    await this.setDisabled(id, false, actor);
  }

  private async setDisabled(id: string, disabled: boolean, actor: Actor): Promise<void> {
    await this.db.transaction(async (repos) => {
      if (!(await repos.users.setDisabled(id, disabled, this.regionCode)))
        throw notFoundT('notFound.user', { id });
      if (disabled) await repos.sessions.deleteForUser(id);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'admin',
        entity: 'user',
        entityIds: [id],
        changes: { disabled: [!disabled, disabled] },
      });
    });
  }

  /** The CLI names accounts by username. */
  async disableByUsername(username: string, actor: Actor): Promise<void> {
    const row = await this.db.repos.users.byUsername(username.toLowerCase());
    if (!row) throw notFoundT('notFound.userNamed', { username });
    await this.disable(row.id, actor);
  }

  /** Sets a new password and ends the username's login slow-down. */
  async resetPassword(username: string, password: string, actor: Actor = systemActor(this.regionCode)) {
    const check = checkPassword(password, username);
    if (!check.ok) throw weak(check.keys);
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (repos) => {
      if (!(await repos.users.setPassword(username, passwordHash)))
        throw notFoundT('notFound.userNamed', { username });
      const id = (await repos.users.byUsername(username))?.id;
      await repos.audit.append({
        ...auditBy(actor),
        action: 'admin',
        entity: 'user',
        entityIds: id ? [id] : [],
        changes: { passwordReset: username },
      });
    });
  }

  /**
   * A new, generated password for the account (an admin's reset from the browser): its hash is stored, the
   * account's sessions end, and the password itself is returned once — to be handed over, never stored or
   * logged (the audit row says only that it was reset).
   */
  async resetPasswordById(id: string, actor: Actor): Promise<{ username: string; password: string }> {
    const username = await this.db.repos.users.usernameOf(id, this.regionCode);
    if (username === undefined) throw notFoundT('notFound.user', { id });
    let password = generatePassword();
    // Practically never needed: a generated password that happens to contain the username is drawn again.
    while (!checkPassword(password, username).ok) password = generatePassword();
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (repos) => {
      if (!(await repos.users.setPassword(username, passwordHash))) throw notFoundT('notFound.user', { id });
      await repos.sessions.deleteForUser(id);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'admin',
        entity: 'user',
        entityIds: [id],
        changes: { passwordReset: username, generated: true },
      });
    });
    return { username, password };
  }
}
