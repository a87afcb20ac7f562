// Login sessions: only a digest of the cookie token is stored; each session has its own CSRF token.
import type { Knex } from 'knex';

export const SESSION_HOURS = 8;

export class SessionsRepository {
  constructor(private readonly knex: Knex) {}

  async create(tokenDigest: string, userId: string, csrfToken: string): Promise<void> {
    await this.knex('sessions').insert({
      token_hash: tokenDigest,
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: this.knex.raw(`now() + interval '${SESSION_HOURS} hours'`),
    });
  }

  async find(tokenDigest: string): Promise<{ userId: string; csrfToken: string } | undefined> {
    const row = await this.knex('sessions')
      .where({ token_hash: tokenDigest })
      .andWhere('expires_at', '>', this.knex.fn.now())
      .first<{ user_id: string; csrf_token: string } | undefined>('user_id', 'csrf_token');
    return row ? { userId: row.user_id, csrfToken: row.csrf_token } : undefined;
  }

  async delete(tokenDigest: string): Promise<void> {
    await this.knex('sessions').where({ token_hash: tokenDigest }).delete();
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.knex('sessions').where({ user_id: userId }).delete();
  }
}
