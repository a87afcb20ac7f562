// Personal access tokens: created and revoked by their owner while signed in (never with a token), listed
// and revoked by admins for anyone in the region. Each creation and revocation commits with its audit row.
// The secret is made here, answered once and stored only as its digest.
import { newAccessToken, TOKEN_DAYS } from '../auth/access-tokens.ts';
import { tokenDigest } from '../auth/passwords.ts';
import { problem } from '../lib/problem.ts';
import type { AccessTokenSummary } from '../repositories/access-tokens-repository.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';

/** Working tokens one user may hold: enough for a few tools, few enough to keep track of. */
export const MAX_LIVE_TOKENS = 20;

const needsSession = () => problem(403, 'token-read-only', 'token.needsSession');
const notFound = (id: string) => problem(404, 'not-found', 'token.notFound', { id });

export class AccessTokenService {
  constructor(
    private readonly db: Db,
    private readonly regionCode: string,
  ) {}

  private signedIn(actor: Actor) {
    if (!actor.user || actor.tokenId) throw needsSession();
    return actor.user;
  }

  list(actor: Actor): Promise<AccessTokenSummary[]> {
    return this.db.repos.accessTokens.list({ userId: actor.user!.id });
  }

  /** Every user's tokens in the region (the policy lets only admins here). */
  listAll(): Promise<AccessTokenSummary[]> {
    return this.db.repos.accessTokens.list({ regionCode: this.regionCode });
  }

  async create(
    actor: Actor,
    input: { name: string; days?: number },
  ): Promise<AccessTokenSummary & { token: string }> {
    const user = this.signedIn(actor);
    const days = Math.min(input.days ?? TOKEN_DAYS.default, TOKEN_DAYS.max);
    const { secret, prefix } = newAccessToken();
    return this.db.transaction(async (repos) => {
      const live = (await repos.accessTokens.list({ userId: user.id })).filter(
        (t) => !t.revokedAt && Date.parse(t.expiresAt) > Date.now(),
      );
      if (live.length >= MAX_LIVE_TOKENS) {
        throw problem(409, 'conflict', 'token.tooMany', { count: live.length });
      }
      const created = await repos.accessTokens.create({
        userId: user.id,
        name: input.name.trim() || input.name,
        tokenDigest: tokenDigest(secret),
        prefix,
        days,
      });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'access_token',
        entityIds: [created.id],
        changes: { name: created.name, prefix, expiresAt: created.expiresAt },
      });
      return { ...created, token: secret };
    });
  }

  /** Revokes one of the actor's own tokens, or (`asAdmin`) anyone's in the region. */
  async revoke(actor: Actor, id: string, asAdmin = false): Promise<void> {
    const user = this.signedIn(actor);
    await this.db.transaction(async (repos) => {
      const token = await repos.accessTokens.byId(id, this.regionCode);
      if (!token || (!asAdmin && token.userId !== user.id)) throw notFound(id);
      if (token.revokedAt || !(await repos.accessTokens.revoke(id, user.id))) {
        throw problem(409, 'conflict', 'token.alreadyRevoked', { id });
      }
      await repos.audit.append({
        ...auditBy(actor),
        action: asAdmin && token.userId !== user.id ? 'admin' : 'update',
        entity: 'access_token',
        entityIds: [id],
        changes: { revoked: true, owner: token.username, prefix: token.prefix },
      });
    });
  }
}
