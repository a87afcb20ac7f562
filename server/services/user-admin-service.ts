// Creating and disabling users with the rules that span repositories: password rules, scope codes that
// exist, one scope kind per role. Shared by the API and the CLI.
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import { checkPassword } from '../domain/password-rules.ts';
import { HttpProblem, notFoundT, problem } from '../lib/problem.ts';
import type { MessageKey, MessageParams } from '../i18n/translate.ts';
import { SessionsRepository } from '../repositories/sessions-repository.ts';
import { UsersRepository } from '../repositories/users-repository.ts';

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  kelurahan?: string[];
  programs?: string[];
}

const invalid = (detail: string) => new HttpProblem(400, 'invalid-user', 'Invalid user', detail);
const invalidT = (key: MessageKey, params?: MessageParams) => problem(400, 'invalid-user', key, params);

export class UserAdminService {
  private readonly users: UsersRepository;

  constructor(
    private readonly knex: Knex,
    private readonly regionCode: string,
  ) {
    this.users = new UsersRepository(knex);
  }

  async create(input: CreateUserInput): Promise<string> {
    const username = input.username.toLowerCase();
    const check = checkPassword(input.password, username);
    if (!check.ok) throw invalid(`The password ${check.problems.join('; ')}.`);
    const kelurahan = input.kelurahan ?? [];
    const programs = input.programs ?? [];
    if (input.role === 'operator' && kelurahan.length === 0) throw invalidT('user.operatorNeedsKelurahan');
    if (input.role === 'opd' && programs.length === 0) throw invalidT('user.opdNeedsPrograms');
    if (input.role !== 'operator' && kelurahan.length)
      throw invalidT('user.onlyOperatorsKelurahan', { role: input.role });
    if (input.role !== 'opd' && programs.length) throw invalidT('user.onlyOpdPrograms', { role: input.role });
    const knownKel = await this.knex('areas')
      .where({ region_code: this.regionCode, level: 'kelurahan' })
      .whereIn('code', kelurahan)
      .pluck('code');
    const unknownKel = kelurahan.filter((k) => !knownKel.includes(k));
    if (unknownKel.length) throw invalidT('user.unknownKelurahan', { codes: unknownKel.join(', ') });
    const knownPrograms = await this.knex('programs')
      .where({ region_code: this.regionCode })
      .whereIn('program_code', programs)
      .pluck('program_code');
    const unknownPrograms = programs.filter((p) => !knownPrograms.includes(p));
    if (unknownPrograms.length) throw invalidT('user.unknownPrograms', { codes: unknownPrograms.join(', ') });
    if (await this.users.exists(username)) {
      throw problem(409, 'user-exists', 'user.exists', { username });
    }
    return this.users.create({
      regionCode: this.regionCode,
      username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      kelurahan,
      programs,
    });
  }

  async disable(id: string, actingUserId: string): Promise<void> {
    if (id === actingUserId) throw invalidT('user.cannotDisableSelf');
    if (!(await this.users.setDisabled(id, true))) throw notFoundT('notFound.user', { id });
    await new SessionsRepository(this.knex).deleteForUser(id);
  }

  async resetPassword(username: string, password: string): Promise<void> {
    const check = checkPassword(password, username);
    if (!check.ok) throw invalid(`The password ${check.problems.join('; ')}.`);
    if (!(await this.users.setPassword(username, await hashPassword(password)))) {
      throw notFoundT('notFound.userNamed', { username });
    }
  }
}
