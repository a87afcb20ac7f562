// The field verifier's screen state (verivali, #20 item 3): its assigned households, kept in the phone's local
// storage so the list still opens without a signal; visits recorded into a queue (also in local storage) and
// sent as one batch when the phone is online, each answered on its own by the API. A visit the server finds
// stale (the record changed since the list was loaded) comes back as a conflict with the current record: it is
// shown, never resent over it. Each visit carries an id made here, so a queue resent after a lost answer is
// recorded once.
import type { Static } from '@sinclair/typebox';
import type * as V from '../../../../server/schemas/verivali.ts';
import { apiFetch, failure, getJson, ApiError } from '../api';
import { i18n, type MessageKey } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { CodeOf } from '../types/code-lists';

export type Assignment = Static<typeof V.Assignment>;
export type FormFields = Static<typeof V.FormFields>;
type AssignmentList = Static<typeof V.AssignmentList>;
type VisitInput = Static<typeof V.VisitInput>;
type VisitResult = Static<typeof V.VisitResult>;
export type Outcome = CodeOf<'visitOutcome'>;
export type FieldChanges = NonNullable<VisitInput['changes']>;

/** A visit waiting to be sent, with what the screen shows of it. */
export interface QueuedVisit extends VisitInput {
  head: string | null;
}

export interface Conflict {
  clientId: string;
  head: string | null;
  current: { version: number; fields: FormFields } | undefined;
}

interface Stored {
  list: AssignmentList;
  savedAt: string;
}

const storageKey = (what: 'list' | 'queue') => `sidaksos.verivali.${what}.${session.user?.username ?? ''}`;

function readStored<T>(what: 'list' | 'queue'): T | undefined {
  try {
    const raw = localStorage.getItem(storageKey(what));
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined; // storage blocked or its content damaged: start afresh
  }
}

function store(what: 'list' | 'queue', value: unknown): void {
  try {
    localStorage.setItem(storageKey(what), JSON.stringify(value));
  } catch {
    // Storage full or blocked: the visit stays in memory for this session; the status line says so when sending.
  }
}

/** A random v4 UUID; crypto.randomUUID exists only on HTTPS, and the app is also served over a LAN's HTTP. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The moment as ISO text: a timestamp stored or sent, never kept as reactive state. */
const nowIso = () => new Date(Date.now()).toISOString();

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class VerivaliManager {
  list = $state<Assignment[] | undefined>();
  period = $state<string | undefined>();
  periodOpen = $state(true);
  /** When the list shown was loaded; set when it comes from local storage (offline). */
  offlineSince = $state<string | undefined>();
  loadError = $state<string | undefined>();
  queue = $state<QueuedVisit[]>(readStored<QueuedVisit[]>('queue') ?? []);
  conflicts = $state<Conflict[]>([]);
  sending = $state(false);
  showAll = $state(false);
  /** The assignment whose visit form is open. */
  openId = $state<string | undefined>();
  status = $state<{ ok: boolean; text: string } | undefined>();

  /** The assignments shown: open ones (and visited ones when asked), minus those with a visit in the queue. */
  readonly shown = $derived(
    (this.list ?? []).filter(
      (a) => (this.showAll || a.status === 'open') && !this.queue.some((q) => q.assignmentId === a.id),
    ),
  );
  readonly openCount = $derived((this.list ?? []).filter((a) => a.status === 'open').length);

  private say(ok: boolean, key: MessageKey, params: Record<string, string | number> = {}) {
    this.status = { ok, text: i18n.t(key, params) };
  }

  /** The list from the API (stored for offline use), else the stored one when the phone is offline. */
  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const answer = await getJson<AssignmentList>('/api/v1/verivali/assignments', signal);
      this.show(answer);
      this.offlineSince = undefined;
      store('list', { list: answer, savedAt: nowIso() } satisfies Stored);
    } catch (err) {
      if (signal?.aborted) return;
      const stored = readStored<Stored>('list');
      if (err instanceof ApiError && err.kind === 'network' && stored) {
        this.show(stored.list);
        this.offlineSince = stored.savedAt;
      } else this.loadError = message(err);
    }
  }

  private show(answer: AssignmentList) {
    this.list = answer.assignments;
    this.period = answer.period;
    this.periodOpen = answer.periodOpen;
  }

  /** Queues the visit (kept on the phone at once) and tries to send the queue. */
  async record(a: Assignment, outcome: Outcome, note: string, changes?: FieldChanges): Promise<void> {
    const visit: QueuedVisit = {
      clientId: uuid(),
      assignmentId: a.id,
      outcome,
      visitedAt: nowIso(),
      baseVersion: a.version,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(outcome === 'changed' && changes ? { changes } : {}),
      head: a.head,
    };
    this.queue = [...this.queue, visit];
    store('queue', this.queue);
    this.openId = undefined;
    await this.send();
  }

  /** Sends the queue in one request; what the server answered leaves it, what never reached it stays. */
  async send(): Promise<void> {
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.queue;
    try {
      const results = await this.post(batch);
      const done = results.map((r) => r.clientId);
      this.queue = this.queue.filter((q) => !done.includes(q.clientId));
      store('queue', this.queue);
      this.apply(batch, results);
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'network') this.say(false, 'vvQueued');
      else this.status = { ok: false, text: message(err) };
    } finally {
      this.sending = false;
    }
  }

  /** POST /visits; a single visit's refusal comes as a problem, which is read as that visit's result. */
  private async post(batch: readonly QueuedVisit[]): Promise<VisitResult[]> {
    const visits = batch.map(({ head: _head, ...v }) => v);
    const res = await apiFetch('/api/v1/verivali/visits', {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'accept-language': i18n.lang,
        'content-type': 'application/json',
        ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}),
      },
      body: JSON.stringify({ visits }),
    });
    if (res.ok) return ((await res.json()) as { results: VisitResult[] }).results;
    if (
      batch.length === 1 &&
      res.status >= 400 &&
      res.status < 500 &&
      res.status !== 401 &&
      res.status !== 403
    ) {
      const problem = (await res.json()) as VisitResult['problem'] & { current?: VisitResult['current'] };
      return [{ clientId: batch[0]!.clientId, status: res.status, current: problem?.current, problem }];
    }
    throw await failure(res);
  }

  private apply(batch: readonly QueuedVisit[], results: readonly VisitResult[]) {
    let sent = 0;
    const refused: string[] = [];
    for (const r of results) {
      const q = batch.find((b) => b.clientId === r.clientId);
      if (r.status === 200 || r.status === 201) {
        sent++;
        this.list = this.list?.map((a) =>
          a.id === q?.assignmentId
            ? { ...a, status: 'visited', lastOutcome: q.outcome, lastVisitedAt: q.visitedAt }
            : a,
        );
      } else if (r.status === 409 && r.current) {
        this.conflicts = [
          ...this.conflicts,
          { clientId: r.clientId, head: q?.head ?? null, current: r.current },
        ];
        // The list's version is the stale one: take the record's, so a new visit is judged against it.
        this.list = this.list?.map((a) =>
          a.id === q?.assignmentId ? { ...a, version: r.current!.version, fields: r.current!.fields } : a,
        );
      } else refused.push(typeof r.problem?.detail === 'string' ? r.problem.detail : String(r.status));
    }
    if (refused.length) this.say(false, 'vvRefused', { reason: refused.join('; ') });
    else if (sent) this.say(true, sent === 1 ? 'vvSaved' : 'vvSent', { n: sent });
  }

  dismiss(clientId: string): void {
    this.conflicts = this.conflicts.filter((c) => c.clientId !== clientId);
  }
}
