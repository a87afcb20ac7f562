// Login and logout: argon2id verification, a slow-down of repeated failures by username and by address,
// sessions, audit rows. Every refused login (wrong password, unknown or disabled user, slowed down) gets the
// same answer and costs one argon2 verification, so neither the body, the headers nor the timing tell
// which usernames exist or which accounts are being slowed down.
import type { Knex } from 'knex';
import {
  generatePassword,
  hashPassword,
  randomToken,
  tokenDigest,
  verifyPassword,
} from '../auth/passwords.ts';
import type { SessionUser } from '../auth/roles.ts';
import { problem } from '../lib/problem.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { LoginThrottleRepository, type ThrottleLimits } from '../repositories/login-throttle-repository.ts';
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

const INVALID = () => problem(401, 'invalid-credentials', 'auth.invalidCredentials');

export class AuthService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly audit: AuditRepository;
  private readonly throttle: LoginThrottleRepository;

  constructor(
    knex: Knex,
    private readonly regionCode: string,
    limits: ThrottleLimits,
  ) {
    this.users = new UsersRepository(knex);
    this.sessions = new SessionsRepository(knex);
    this.audit = new AuditRepository(knex);
    this.throttle = new LoginThrottleRepository(knex, limits);
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const name = username.toLowerCase();
    // The attempt is counted as a failure before the password is looked at: parallel attempts each take a
    // slot first, so no more than the limit are ever verified in one window.
    const allowed = await this.throttle.reserve(name, ip);
    const found = await this.users.byUsername(name);
    const user = found && !found.disabled ? found : undefined;
    dummyHash ??= hashPassword(generatePassword());
    // One verification on every path (a refused attempt verifies the dummy hash, never the real one).
    const verified = await verifyPassword(allowed && user ? user.password_hash : await dummyHash, password);
    if (!allowed || !user || !verified) {
      const reason = !allowed
        ? 'slowed down (too many failures)'
        : user
          ? 'wrong password'
          : 'unknown or disabled user';
      await this.failed(username, found?.id ?? null, ip, reason);
      throw INVALID();
    }
    await this.throttle.release(name, ip);
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
}
