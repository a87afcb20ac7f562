// Creating and disabling users with the rules that span repositories: password rules, scope codes that
// exist, one scope kind per role. Shared by the API and the CLI.
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import { checkPassword } from '../domain/password-rules.ts';
import { HttpProblem } from '../lib/problem.ts';
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
    if (input.role === 'operator' && kelurahan.length === 0)
      throw invalid('An operator needs at least one kelurahan (kelurahan: [...]).');
    if (input.role === 'opd' && programs.length === 0)
      throw invalid('OPD staff need at least one program (programs: [...]).');
    if (input.role !== 'operator' && kelurahan.length)
      throw invalid(`Only operators are scoped to kelurahan, not ${input.role}.`);
    if (input.role !== 'opd' && programs.length)
      throw invalid(`Only OPD staff are scoped to programs, not ${input.role}.`);
    const knownKel = await this.knex('areas')
      .where({ region_code: this.regionCode, level: 'kelurahan' })
      .whereIn('code', kelurahan)
      .pluck('code');
    const unknownKel = kelurahan.filter((k) => !knownKel.includes(k));
    if (unknownKel.length) throw invalid(`Unknown kelurahan code(s): ${unknownKel.join(', ')}.`);
    const knownPrograms = await this.knex('programs')
      .where({ region_code: this.regionCode })
      .whereIn('program_code', programs)
      .pluck('program_code');
    const unknownPrograms = programs.filter((p) => !knownPrograms.includes(p));
    if (unknownPrograms.length) throw invalid(`Unknown program code(s): ${unknownPrograms.join(', ')}.`);
    if (await this.users.exists(username)) {
      throw new HttpProblem(409, 'user-exists', 'User exists', `A user named ${username} already exists.`);
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
    if (id === actingUserId) throw invalid('You cannot disable your own account.');
    if (!(await this.users.setDisabled(id, true)))
      throw new HttpProblem(404, 'not-found', 'Not found', `No user ${id}.`);
    await new SessionsRepository(this.knex).deleteForUser(id);
  }

  async resetPassword(username: string, password: string): Promise<void> {
    const check = checkPassword(password, username);
    if (!check.ok) throw invalid(`The password ${check.problems.join('; ')}.`);
    if (!(await this.users.setPassword(username, await hashPassword(password)))) {
      throw new HttpProblem(404, 'not-found', 'Not found', `No user named ${username}.`);
    }
  }
}
