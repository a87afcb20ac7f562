// Login and logout: argon2id verification, a slow-down of repeated failures by username and by address,
// sessions, audit rows. Every refused login (wrong password, unknown or disabled user, slowed down) gets the
// same answer and costs one argon2 verification, so neither the body, the headers nor the timing tell
// which usernames exist or which accounts are being slowed down.
import {
  generatePassword,
  hashPassword,
  randomToken,
  tokenDigest,
  verifyPassword,
} from '../auth/passwords.ts';
import type { SessionUser } from '../auth/roles.ts';
import { problem } from '../lib/problem.ts';
import { sessionRepositories } from '../repositories/index.ts';
import type { LoginThrottleRepository, ThrottleLimits } from '../repositories/login-throttle-repository.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';

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
  // One throttle for the app: it remembers when it last swept ended windows.
  private readonly throttle: LoginThrottleRepository;

  constructor(
    private readonly db: Db,
    limits: ThrottleLimits,
  ) {
    this.throttle = sessionRepositories.loginThrottle(db.knex, limits);
  }

  /**
   * The slow-down's reservation and a refusal's audit row commit on their own (a refused attempt must count
   * even though nothing else is written); a success writes its session and its audit row in one transaction.
   */
  async login(actor: Actor, username: string, password: string): Promise<LoginResult> {
    const name = username.toLowerCase();
    const ip = actor.ip ?? 'unknown';
    // The attempt is counted as a failure before the password is looked at: parallel attempts each take a
    // slot first, so no more than the limit are ever verified in one window.
    const allowed = await this.throttle.reserve(name, ip);
    const found = await this.db.repos.users.byUsername(name);
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
      await this.db.repos.audit.append({
        ...auditBy(actor),
        userId: found?.id ?? null,
        username,
        role: null,
        action: 'login_failed',
        entity: 'user',
        reason,
      });
      throw INVALID();
    }
    await this.throttle.release(name, ip);
    const token = randomToken();
    const csrfToken = randomToken();
    const sessionUser = await this.db.transaction(async (repos) => {
      await repos.sessions.create(tokenDigest(token), user.id, csrfToken);
      await repos.audit.append({
        ...auditBy(actor),
        userId: user.id,
        username: user.username,
        role: user.role,
        action: 'login',
        entity: 'user',
        entityIds: [user.id],
      });
      return (await repos.users.sessionUser(user.id))!;
    });
    return { token, csrfToken, user: sessionUser };
  }

  /** Ends the session; its deletion and the audit row commit together. */
  async logout(actor: Actor, token: string): Promise<void> {
    await this.db.transaction(async (repos) => {
      await repos.sessions.delete(tokenDigest(token));
      await repos.audit.append({
        ...auditBy(actor),
        action: 'logout',
        entity: 'user',
        entityIds: actor.user ? [actor.user.id] : [],
      });
    });
  }
}
