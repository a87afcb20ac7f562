// The field verifier's screen state (verivali, #20 item 3): its assigned households, kept in the phone's local
// storage so the list still opens without a signal (verivali-storage.ts); visits recorded into a queue (also
// kept there) and sent as one batch when the phone is online, each answered on its own by the API. A visit the
// server finds stale (the record changed since the list was loaded) comes back as a conflict with the current
// record: it stays on its household's card, kept on the phone too, never resent over the record. Each visit
// carries an id made here, so a queue resent after a lost answer is recorded once.
import type { Static } from '@sinclair/typebox';
import type * as V from '../../../../server/schemas/verivali.ts';
import { apiFetch, failure, getJson, ApiError } from '../api';
import { i18n, type MessageKey } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { CodeOf } from '../types/code-lists';
import { PhoneStore } from './verivali-storage';

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
  assignmentId: string;
  head: string | null;
  current: { version: number; fields: FormFields } | undefined;
}

interface Stored {
  list: AssignmentList;
  /** When the list was loaded from the server. */
  savedAt: string;
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
  /** The signed-in user's copies on the phone, named once: a session lost meanwhile never renames them. */
  private readonly owner = session.user?.username ?? '';
  private readonly phone = new PhoneStore(this.owner);
  private loaded: Stored | undefined;
  list = $state<Assignment[] | undefined>();
  period = $state<string | undefined>();
  periodOpen = $state(true);
  /** When the list shown was loaded; set when it comes from local storage (offline). */
  offlineSince = $state<string | undefined>();
  loadError = $state<string | undefined>();
  queue = $state<QueuedVisit[]>(this.phone.read<QueuedVisit[]>('queue') ?? []);
  /** Visits the server kept as conflicts, shown on their household's card until the verifier has read them. */
  conflicts = $state<Conflict[]>(this.phone.read<Conflict[]>('conflicts') ?? []);
  sending = $state(false);
  showAll = $state(false);
  /** The assignment whose visit form is open. */
  openId = $state<string | undefined>();
  status = $state<{ ok: boolean; text: string } | undefined>();

  /** The assignments shown: open ones, those with a visit waiting or a conflict, and visited ones when asked. */
  readonly shown = $derived(
    (this.list ?? []).filter(
      (a) => this.showAll || a.status === 'open' || !!this.queuedFor(a.id) || !!this.conflictOf(a.id),
    ),
  );
  readonly openCount = $derived((this.list ?? []).filter((a) => a.status === 'open').length);
  /** Conflicts of households no longer in the list (assigned to someone else since): shown above it. */
  readonly otherConflicts = $derived(
    this.list ? this.conflicts.filter((c) => !this.list!.some((a) => a.id === c.assignmentId)) : [],
  );

  queuedFor(assignmentId: string): QueuedVisit | undefined {
    return this.queue.find((q) => q.assignmentId === assignmentId);
  }

  conflictOf(assignmentId: string): Conflict | undefined {
    return this.conflicts.find((c) => c.assignmentId === assignmentId);
  }

  private say(ok: boolean, key: MessageKey, params: Record<string, string | number> = {}) {
    this.status = { ok, text: i18n.t(key, params) };
  }

  /** The list from the API (kept for offline use), else the kept one when the phone is offline. */
  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    const stored = this.phone.read<Stored>('list');
    // The phone knows it has no network: no request that can only fail.
    if (!navigator.onLine && stored) return this.show(stored, true);
    try {
      const answer = await getJson<AssignmentList>('/api/v1/verivali/assignments', signal);
      this.show({ list: answer, savedAt: nowIso() }, false);
      this.keepList();
    } catch (err) {
      if (signal?.aborted) return;
      if (err instanceof ApiError && err.kind === 'network' && stored) this.show(stored, true);
      else this.loadError = message(err);
    }
  }

  private show(stored: Stored, offline: boolean) {
    this.loaded = stored;
    this.list = stored.list.assignments;
    this.period = stored.list.period;
    this.periodOpen = stored.list.periodOpen;
    this.offlineSince = offline ? stored.savedAt : undefined;
  }

  /** The list as the screen now knows it (visits sent, versions a conflict brought), for the next offline start. */
  private keepList() {
    if (this.loaded && this.list)
      this.phone.write('list', { ...this.loaded, list: { ...this.loaded.list, assignments: this.list } });
  }

  private keepConflicts(next: Conflict[]) {
    this.conflicts = next;
    this.phone.write('conflicts', next);
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
    this.phone.write('queue', this.queue);
    // A new visit made from the current record settles the household's conflict.
    if (this.conflictOf(a.id)) this.keepConflicts(this.conflicts.filter((c) => c.assignmentId !== a.id));
    this.openId = undefined;
    await this.send();
  }

  /** Sends the queue in one request; what the server answered leaves it, what never reached it stays. */
  async send(): Promise<void> {
    if (this.sending || this.queue.length === 0) return;
    if (!navigator.onLine) return this.say(false, 'vvQueued');
    this.sending = true;
    const batch = this.queue;
    try {
      // A session restored offline has no CSRF token yet: ask for it now the network is back.
      if (!session.csrf) await session.refresh();
      if (!session.user) return; // signed out meanwhile: the queue waits on the phone for the next sign-in
      const results = await this.post(batch);
      // Signed out while the request was under way: what logging out forgot (the list, the names in the queue)
      // must not be written back; the server has what it answered, the rest waits on the phone.
      if (session.user?.username !== this.owner) return;
      const done = results.map((r) => r.clientId);
      this.queue = this.queue.filter((q) => !done.includes(q.clientId));
      this.phone.write('queue', this.queue);
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
    const conflicts: Conflict[] = [];
    const refused: string[] = [];
    for (const r of results) {
      const q = batch.find((b) => b.clientId === r.clientId);
      if (!q) continue;
      if (r.status === 200 || r.status === 201) {
        sent++;
        this.list = this.list?.map((a) =>
          a.id === q.assignmentId
            ? { ...a, status: 'visited', lastOutcome: q.outcome, lastVisitedAt: q.visitedAt }
            : a,
        );
      } else if (r.status === 409 && r.current) {
        const current = r.current;
        // A visit queued before a logout has lost its name (verivali-storage.ts): the list has it again.
        const head = q.head ?? this.list?.find((a) => a.id === q.assignmentId)?.head ?? null;
        conflicts.push({ clientId: r.clientId, assignmentId: q.assignmentId, head, current });
        // The list's version is the stale one: take the record's, so a new visit is judged against it.
        this.list = this.list?.map((a) =>
          a.id === q.assignmentId ? { ...a, version: current.version, fields: current.fields } : a,
        );
      } else refused.push(typeof r.problem?.detail === 'string' ? r.problem.detail : String(r.status));
    }
    if (conflicts.length) {
      const settled = conflicts.map((c) => c.assignmentId);
      this.keepConflicts([...this.conflicts.filter((c) => !settled.includes(c.assignmentId)), ...conflicts]);
    }
    this.keepList();
    if (refused.length) this.say(false, 'vvRefused', { reason: refused.join('; ') });
    else if (conflicts.length) this.say(false, 'vvSentConflicts', { n: sent, c: conflicts.length });
    else if (sent) this.say(true, sent === 1 ? 'vvSaved' : 'vvSent', { n: sent });
  }

  /** The verifier has read the conflict (the server keeps it, with the visit). */
  dismiss(clientId: string): void {
    this.keepConflicts(this.conflicts.filter((c) => c.clientId !== clientId));
  }
}
