// Personal access tokens: only the digest of a secret is stored; a token is looked up by that digest. Tokens
// are revoked (revoked_at/by), never deleted, so audit rows naming a token id stay meaningful.
import type { Knex } from 'knex';

export interface NewAccessToken {
  userId: string;
  name: string;
  tokenDigest: string;
  prefix: string;
  /** Days from now until the token stops working. */
  days: number;
}

/** A token as its owner and admins see it (never the secret or its digest). */
export interface AccessTokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  userId: string;
  username: string;
  displayName: string;
}

/** What the auth plugin needs to know about a presented token. */
export interface TokenLookup {
  id: string;
  userId: string;
  username: string;
  /** 'ok', or why the token no longer works. */
  state: 'ok' | 'expired' | 'revoked';
  /** Whether last_used_at is older than a minute (then the caller records this use). */
  stale: boolean;
}

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export class AccessTokensRepository {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  async create(t: NewAccessToken): Promise<AccessTokenSummary> {
    const [row] = await this.knex('access_tokens')
      .insert({
        user_id: t.userId,
        name: t.name,
        token_hash: t.tokenDigest,
        prefix: t.prefix,
        expires_at: this.knex.raw(`now() + make_interval(days => ?)`, [t.days]),
      })
      .returning<Array<{ id: string }>>('id');
    return (await this.byId(row!.id))!;
  }

  private summaries() {
    return this.knex('access_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .select<AccessTokenSummary[]>(
        't.id',
        't.name',
        't.prefix',
        this.knex.raw(`${iso('t.created_at')} as "createdAt"`),
        this.knex.raw(`${iso('t.expires_at')} as "expiresAt"`),
        this.knex.raw(`${iso('t.last_used_at')} as "lastUsedAt"`),
        this.knex.raw(`${iso('t.revoked_at')} as "revokedAt"`),
        't.user_id as userId',
        'u.username',
        'u.display_name as displayName',
      )
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id');
  }

  /** The token, when it exists (and its owner is of `regionCode`, when given). */
  async byId(id: string, regionCode?: string): Promise<AccessTokenSummary | undefined> {
    const q = this.summaries().where('t.id', id);
    if (regionCode) void q.where('u.region_code', regionCode);
    const [row] = await q;
    return row;
  }

  /** One user's tokens, or every user's of the region (admins), newest first. */
  list(filter: { userId: string } | { regionCode: string }): Promise<AccessTokenSummary[]> {
    const q = this.summaries();
    return 'userId' in filter
      ? q.where('t.user_id', filter.userId)
      : q.where('u.region_code', filter.regionCode);
  }

  /** Revokes a live token; false when it is unknown or already revoked. */
  async revoke(id: string, byUserId: string): Promise<boolean> {
    const n = await this.knex('access_tokens')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: this.knex.fn.now(), revoked_by: byUserId });
    return n > 0;
  }

  async find(tokenDigest: string): Promise<TokenLookup | undefined> {
    const row = await this.knex('access_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', tokenDigest)
      .first<
        | {
            id: string;
            user_id: string;
            username: string;
            revoked: boolean;
            expired: boolean;
            stale: boolean;
          }
        | undefined
      >(
        't.id',
        't.user_id',
        'u.username',
        this.knex.raw('t.revoked_at is not null as revoked'),
        this.knex.raw('t.expires_at <= now() as expired'),
        this.knex.raw(`coalesce(t.last_used_at < now() - interval '1 minute', true) as stale`),
      );
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      username: row.username,
      state: row.revoked ? 'revoked' : row.expired ? 'expired' : 'ok',
      stale: row.stale,
    };
  }

  /** Records a use; guarded so parallel requests in the same minute write once at most. */
  async touch(id: string): Promise<void> {
    await this.knex('access_tokens')
      .where({ id })
      .andWhereRaw(`(last_used_at is null or last_used_at < now() - interval '1 minute')`)
      .update({ last_used_at: this.knex.fn.now() });
  }
}
