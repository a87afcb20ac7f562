// Counters for the login slow-down (migration 0014): failures per username and per client address in a fixed
// window. `reserve` counts an attempt as a failure BEFORE its password is checked, in one upsert per key:
// concurrent attempts serialise on the row, each sees the count including those before it, so N parallel
// attempts cannot get more than the limit evaluated. A successful login gives its reservation back.
import type { Knex } from 'knex';

export interface ThrottleLimits {
  perUser: number;
  perIp: number;
  windowSeconds: number;
}

export const userKey = (username: string) => `user:${username.toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export class LoginThrottleRepository {
  private lastSweep = 0;

  constructor(
    private readonly knex: Knex,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Reserves one attempt for the username and the address; true when both are within their limits. */
  async reserve(username: string, ip: string): Promise<boolean> {
    await this.sweep();
    const keys = [
      { key: userKey(username), limit: this.limits.perUser },
      { key: ipKey(ip), limit: this.limits.perIp },
    ].sort((a, b) => (a.key < b.key ? -1 : 1)); // one lock order for every attempt: no deadlocks
    const { rows } = await this.knex.raw<{ rows: Array<{ key: string; failures: number }> }>(
      `insert into login_throttles as t (key, failures, window_ends, refused_until)
       select k.key, 1, now() + make_interval(secs => ?), case when k.lim <= 1 then now() + make_interval(secs => ?) end
       from unnest(?::text[], ?::int[]) with ordinality as k(key, lim, ord) order by k.ord
       on conflict (key) do update set
         failures = case when t.window_ends <= now() then 1 else t.failures + 1 end,
         window_ends = case when t.window_ends <= now() then excluded.window_ends else t.window_ends end,
         refused_until = case
           when t.window_ends <= now() then excluded.refused_until
           when t.failures + 1 >= (select lim from unnest(?::text[], ?::int[]) as l(key, lim) where l.key = t.key)
             then t.window_ends
           else t.refused_until end
       returning key, failures`,
      [
        this.limits.windowSeconds,
        this.limits.windowSeconds,
        keys.map((k) => k.key),
        keys.map((k) => k.limit),
        keys.map((k) => k.key),
        keys.map((k) => k.limit),
      ],
    );
    return keys.every((k) => (rows.find((r) => r.key === k.key)?.failures ?? Infinity) <= k.limit);
  }

  /** A successful login: the username starts afresh and the address gets its reservation back. */
  async release(username: string, ip: string): Promise<void> {
    await this.knex('login_throttles')
      .where({ key: userKey(username) })
      .delete();
    await this.knex('login_throttles')
      .where({ key: ipKey(ip) })
      .update({ failures: this.knex.raw('greatest(failures - 1, 0)') });
  }

  /** An administrator's reset (new password): the username is not slowed down any more. */
  async clearUser(username: string): Promise<void> {
    await this.knex('login_throttles')
      .where({ key: userKey(username) })
      .delete();
  }

  // Counters of ended windows are deleted at most once a minute, so random usernames cannot grow the table.
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.knex('login_throttles').where('window_ends', '<', this.knex.fn.now()).delete();
  }
}
