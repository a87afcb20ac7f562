// The records screen's state and actions: the search, the open record with its case plan, history and the
// program list and duplicates, and every write. The screen's components only lay these out and hold
// what is being typed. Each write carries the record's version (a stale one is answered 409, shown as the
// error) and reloads the record, so the history shows the change at once; a write the approval policy holds for
// review (202) is said to be so, and the record lists its proposals still waiting.
import { ApiError, getJson, sendJson } from '../api';
import { router } from '../app/router.svelte';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { codeLabel } from '../types/code-lists';
import { mayCall } from '../types/roles';
import { notify } from '../ui/notify';
import { confirmWrite, isHeld } from '../proposals/held';
import { fieldChanges, leaveBody, newHouseholdBody } from './record-forms';
import { kelurahanFor, type KelurahanOption } from './record-kelurahan';
import { emptyQuery, parseRecordsParam, searchParam, searchUrl, type SearchQuery } from './record-route';
import type { Proposal, ProposalList } from '../types/api-types';
import type {
  CasePlan,
  Change,
  FieldsDraft,
  Hit,
  HouseholdSearch,
  Household,
  HouseholdDraft,
  LeaveReason,
  Need,
  Problem,
  Program,
  Step,
} from './types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

// The last search of this tab, so "back to results" still finds it after a record was reloaded or opened anew.
const LAST_SEARCH = 'sidaksos.records.search';
function lastQuery(): SearchQuery {
  const saved = sessionStorage.getItem(LAST_SEARCH);
  const place = saved ? parseRecordsParam(saved) : undefined;
  return place?.kind === 'search' ? place.query : emptyQuery();
}

export class RecordsManager {
  hits = $state<Hit[] | undefined>();
  /** How many households the last search matched in all (the hits are at most 20 of them). */
  total = $state(0);
  /** The last search, as typed: the form shows it, "back to results" returns to it. */
  query = $state<SearchQuery>(lastQuery());
  /** The kelurahan the search may be narrowed to, by name. */
  kelurahanOptions = $state<KelurahanOption[]>([]);
  error = $state<string | undefined>();
  /**
   * A write met a newer version of the record (409): the record offers a reload, and nothing typed is kept as
   * if it had been saved.
   */
  stale = $state<string | undefined>();
  /** A write is under way (its buttons wait). */
  busy = $state(false);
  record = $state<Household | undefined>();
  steps = $state<Step[]>([]);
  needs = $state<Need[]>([]);
  problems = $state<Problem[]>([]);
  history = $state<Change[]>([]);
  programs = $state<Program[]>([]);
  /** The open record's proposals still waiting for a reviewer (none for roles that may not list them). */
  pending = $state<Proposal[]>([]);
  /** The new-household form is open. */
  creating = $state(false);
  /**
   * Counts the records opened: a record that opens takes the focus (screen readers announce it), a save that
   * reloads it does not, so the detail moves the focus when this changes.
   */
  opened = $state(0);

  /** The edit controls show for the roles the API lets edit a household (it still checks every request). */
  readonly canEdit = $derived(mayCall('PATCH /api/v1/households/:id', session.user?.role));
  /** The duplicates list (its own screen part, components/records/DuplicatesTable.svelte). */
  readonly mayListDuplicates = $derived(mayCall('GET /api/v1/duplicates', session.user?.role));
  readonly mayListProposals = $derived(mayCall('GET /api/v1/proposals', session.user?.role));

  private fail(err: unknown): void {
    this.error = message(err);
  }

  /** The kelurahan list of the search's filter (the user's own when their role is scoped). */
  async loadKelurahan(): Promise<void> {
    try {
      this.kelurahanOptions = await kelurahanFor(session.user?.kelurahan);
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Follows the URL (`#records/<id>` or `#records/q=…`): opens the record it names, or runs the search it
   * holds, so a reload, a shared link and the browser's Back all show what the URL says.
   */
  async follow(param: string): Promise<void> {
    const place = parseRecordsParam(param);
    if (place.kind === 'record') {
      if (this.record?.id !== place.id) await this.open(place.id);
      return;
    }
    this.record = undefined;
    this.stale = undefined;
    this.query = place.query;
    sessionStorage.setItem(LAST_SEARCH, searchParam(place.query));
    if (place.query.q.trim().length >= 3) await this.search(place.query);
    else this.hits = undefined;
  }

  /** The search as the URL (a history entry: Back returns to the previous search or record). */
  find(query: SearchQuery): void {
    const param = searchParam(query);
    if (param === router.param) void this.search(query);
    else router.go('records', param);
  }

  /** Opens a record by its URL, so it can be reloaded and shared. */
  show(id: string): void {
    router.go('records', id);
  }

  /** KK, NIK, or three letters of a name or address, optionally in one kelurahan and RW: no browse-all list. */
  async search(query: SearchQuery): Promise<void> {
    this.error = undefined;
    this.record = undefined;
    try {
      const found = await getJson<HouseholdSearch>(searchUrl(query));
      this.hits = found.households;
      this.total = found.total;
    } catch (err) {
      this.fail(err);
    }
  }

  /** Reloads the open record as it now stands (after a stale save: the typed values give way to it). */
  async reload(): Promise<void> {
    if (this.record) await this.open(this.record.id);
  }

  /** Opens a record, or reloads the open one after a write (all four answers together, or none). */
  async open(id: string): Promise<void> {
    this.error = undefined;
    this.stale = undefined;
    const fresh = this.record?.id !== id;
    try {
      const [h, plan, changes, programs, pending] = await Promise.all([
        getJson<Household>(`/api/v1/households/${id}`),
        getJson<CasePlan>(`/api/v1/households/${id}/case-plan`),
        getJson<Change[]>(`/api/v1/households/${id}/history`),
        getJson<Program[]>('/api/v1/programs'),
        this.mayListProposals
          ? getJson<ProposalList>(`/api/v1/proposals?household=${encodeURIComponent(id)}`)
          : undefined,
      ]);
      this.pending = pending?.proposals ?? [];
      this.record = h;
      this.steps = plan.steps;
      this.needs = plan.needs;
      this.problems = plan.problems;
      this.history = changes;
      this.programs = programs;
      if (fresh) this.opened += 1;
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * A write on the household itself under its version, then the record reloaded and the save confirmed.
   * A stale version (409) shows the stale message with a reload instead; true once saved.
   */
  private async write(
    method: 'PATCH' | 'POST',
    path: string,
    body: object,
    saved: (changed: boolean) => string,
  ): Promise<boolean> {
    const record = this.record;
    if (!record) return false;
    this.error = undefined;
    this.stale = undefined;
    this.busy = true;
    try {
      const res = await sendJson<{ changes?: Record<string, unknown> }>(
        method,
        `/api/v1/households/${record.id}${path}`,
        { version: record.version, ...body },
        session.csrf,
      );
      await this.open(record.id);
      confirmWrite(res, () => saved(Object.keys(res?.changes ?? { any: true }).length > 0));
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) this.stale = i18n.t('recStale');
      else this.fail(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  saveFields(fields: FieldsDraft): Promise<boolean> {
    const kk = this.record?.kk ?? '';
    return this.write('PATCH', '', { changes: fieldChanges(fields) }, (changed) =>
      i18n.t(changed ? 'recSaved' : 'recNothingChanged', { kk }),
    );
  }

  verify(): Promise<boolean> {
    const kk = this.record?.kk ?? '';
    return this.write('POST', '/verify', { status: 'verified' }, () => i18n.t('recVerified', { kk }));
  }

  /** The household leaves the registry today (the screen has asked first). */
  leave(reason: LeaveReason): Promise<boolean> {
    const kk = this.record?.kk ?? '';
    const label = codeLabel('householdStatus', reason, i18n.lang);
    return this.write('POST', '/leave', leaveBody(reason), () => i18n.t('recLeft', { kk, reason: label }));
  }

  /** A new household (operators in their kelurahan); its record opens once created. */
  async create(draft: HouseholdDraft): Promise<void> {
    this.error = undefined;
    try {
      const res = await sendJson<{ id: string }>(
        'POST',
        '/api/v1/households',
        newHouseholdBody(draft),
        session.csrf,
      );
      this.creating = false;
      // Held for review: no record exists until a reviewer approves it; the operator stays on the search.
      if (isHeld(res)) notify.info(i18n.t('propHeld'));
      else if (res) this.show(res.id);
    } catch (err) {
      this.fail(err);
    }
  }
}
