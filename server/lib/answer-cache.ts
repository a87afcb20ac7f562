// Answers kept in memory between changes of the published numbers. The database notifies (LISTEN/NOTIFY,
// migration 0008) whenever summaries, periods, programs or boundaries change; each notification starts a new
// generation and older answers are never served again. Without a live LISTEN connection (an outage, a lost
// connection) nothing is served from memory, so a missed notification can never leave stale numbers.
import pg from 'pg';
import type { PreparedAnswer } from './prepared-answer.ts';

const CHANNEL = 'sidaksos_summaries';
const MAX_ENTRIES = 2000;

export class AnswerCache {
  private generation = 0;
  private listening = false;
  private closed = false;
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly entries = new Map<string, { generation: number; answer: PreparedAnswer }>();
  private readonly objects = new Map<string, { generation: number; value: unknown }>();

  constructor(
    private readonly connectionString: string | undefined,
    private readonly log: (msg: string) => void,
  ) {}

  async start(): Promise<void> {
    if (!this.connectionString || this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      this.invalidate();
      void client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.start(), 2000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.invalidate());
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      this.listening = true;
      this.invalidate(); // anything may have changed while not listening
    } catch (err) {
      this.log(`answer cache not listening (${(err as Error).message}); answers are computed per request`);
      lost();
    }
  }

  /** Starts a computation: pass the token to set() so an answer computed across a change is dropped. */
  token(): number {
    return this.generation;
  }

  /** A prepared answer (its JSON, ETag and compressed forms made once: lib/prepared-answer.ts). */
  get(key: string): PreparedAnswer | undefined {
    if (!this.listening) return undefined;
    const hit = this.entries.get(key);
    return hit && hit.generation === this.generation ? hit.answer : undefined;
  }

  set(key: string, token: number, answer: PreparedAnswer): void {
    if (!this.listening || token !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { generation: token, answer });
  }

  /** A value computed once per generation (e.g. a period's roll-up), or per call without a live listener. */
  async memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.listening ? this.objects.get(key) : undefined;
    if (hit && hit.generation === this.generation) return hit.value as T;
    const token = this.generation;
    const value = await compute();
    if (this.listening && token === this.generation) {
      if (this.objects.size >= MAX_ENTRIES) this.objects.delete(this.objects.keys().next().value!);
      this.objects.set(key, { generation: token, value });
    }
    return value;
  }

  /** Writes made by this process call this at once (the notification follows for the other processes). */
  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
    this.objects.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.listening = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
