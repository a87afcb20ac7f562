// Login and logout: argon2id verification, lockout after repeated failures, sessions, audit rows.
import type { Knex } from 'knex';
import {
  generatePassword,
  hashPassword,
  randomToken,
  tokenDigest,
  verifyPassword,
} from '../auth/passwords.ts';
import type { SessionUser } from '../auth/roles.ts';
import { HttpProblem } from '../lib/problem.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { SessionsRepository } from '../repositories/sessions-repository.ts';
import { UsersRepository } from '../repositories/users-repository.ts';

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: SessionUser;
}

// Verifying against a fixed hash when the user does not exist keeps the response time the same, so timing does
// not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

const INVALID = () =>
  new HttpProblem(401, 'invalid-credentials', 'Login failed', 'Invalid username or password.');

export class AuthService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly audit: AuditRepository;

  constructor(
    knex: Knex,
    private readonly regionCode: string,
  ) {
    this.users = new UsersRepository(knex);
    this.sessions = new SessionsRepository(knex);
    this.audit = new AuditRepository(knex);
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const user = await this.users.byUsername(username.toLowerCase());
    if (!user || user.disabled) {
      dummyHash ??= hashPassword(generatePassword());
      await verifyPassword(await dummyHash, password);
      await this.failed(username, null, ip, 'unknown or disabled user');
      throw INVALID();
    }
    if (user.locked_until && user.locked_until > new Date()) {
      await this.failed(username, user.id, ip, 'locked');
      throw this.locked(user.locked_until);
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const lockedUntil = await this.users.recordFailure(user.id);
      await this.failed(username, user.id, ip, 'wrong password');
      if (lockedUntil && lockedUntil > new Date()) throw this.locked(lockedUntil);
      throw INVALID();
    }
    await this.users.recordSuccess(user.id);
    const token = randomToken();
    const csrfToken = randomToken();
    await this.sessions.create(tokenDigest(token), user.id, csrfToken);
    const sessionUser = (await this.users.sessionUser(user.id))!;
    await this.audit.append({
      regionCode: this.regionCode,
      userId: user.id,
      username: user.username,
      role: user.role,
      action: 'login',
      entity: 'user',
      entityIds: [user.id],
      ip,
    });
    return { token, csrfToken, user: sessionUser };
  }

  async logout(token: string, user: SessionUser, ip: string): Promise<void> {
    await this.sessions.delete(tokenDigest(token));
    await this.audit.append({
      regionCode: this.regionCode,
      userId: user.id,
      username: user.username,
      role: user.role,
      action: 'logout',
      entity: 'user',
      entityIds: [user.id],
      ip,
    });
  }

  private failed(username: string, userId: string | null, ip: string, reason: string): Promise<void> {
    return this.audit.append({
      regionCode: this.regionCode,
      userId,
      username,
      action: 'login_failed',
      entity: 'user',
      ip,
      reason,
    });
  }

  private locked(until: Date): HttpProblem {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    return new HttpProblem(
      429,
      'account-locked',
      'Account temporarily locked',
      `Too many failed logins: try again after ${until.toISOString().slice(11, 16)} UTC (${Math.ceil(seconds / 60)} min).`,
      { retryAfterSeconds: seconds },
    );
  }
}
