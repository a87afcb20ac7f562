// The assign form's state (verivali, #20 item 3): a verifier, a due date and the RWs of the chosen kelurahan (or
// all of it), or a box drawn on its map (box-select.ts; the API narrows the box to the kelurahan). It is checked here before it is sent, the same rules the API applies; a refusal from the API is
// shown beside the field it is about (assign-problem.ts), in the user's language; a success says how many
// households went to whom, and the screen's figures are reloaded.
import { apiFetch, failure, sendJson } from '../api';
import { i18n, type MessageKey } from '../i18n.svelte';
import { session } from '../session.svelte';
import { notify } from '../ui/notify';
import { assignFieldOf, type AssignField } from './assign-problem';
import { dayFromToday, formatCount, formatDay } from './fieldwork-format';
import type { BBox } from '../map/bounds';
import type { FieldworkManager } from './fieldwork-manager.svelte';
import type { AssignAnswer, AssignBody, SelectionAnswer, SelectionBody } from './fieldwork-types';

/** RWs one request may name (the API's limit); more is the whole kelurahan or several goes. */
export const MAX_RWS = 50;
/** The due date offered first: two weeks from today, a common round of visits. */
const FIRST_DUE_DAYS = 14;

/** How the households are chosen: by RW (or the whole kelurahan), or by a box on the map. */
export type AssignWay = 'rw' | 'box';
/** The fields an error may stand beside: the API's, and the box (whose refusals the API files under `rw`). */
export type FormField = AssignField | 'bbox';

export class AssignForm {
  verifierId = $state('');
  dueDate = $state(dayFromToday(FIRST_DUE_DAYS));
  rws = $state<number[]>([]);
  whole = $state(false);
  way = $state<AssignWay>('rw');
  box = $state<BBox | undefined>();
  errors = $state<Partial<Record<FormField, string>>>({});
  /** A refusal that is about no one field. */
  formError = $state<string | undefined>();
  busy = $state(false);
  /** The last success, said on the form too (the notice fades). */
  done = $state<string | undefined>();
  /** What the drawn box holds, asked of the API as soon as it is drawn (the map shows no households). */
  boxCount = $state<SelectionAnswer | undefined>();
  counting = $state(false);
  countError = $state<string | undefined>();
  private counter: AbortController | undefined;

  constructor(private readonly fieldwork: FieldworkManager) {}

  /** A new kelurahan: its RWs and verifiers differ, so the choices go (the due date stays). */
  reset(): void {
    this.verifierId = '';
    this.rws = [];
    this.whole = false;
    this.way = 'rw';
    this.setBox(undefined);
    this.errors = {};
    this.formError = undefined;
    this.done = undefined;
  }

  toggleRw(rw: number, on: boolean): void {
    const rest = this.rws.filter((r) => r !== rw);
    this.rws = on ? [...rest, rw].sort((a, b) => a - b) : rest;
  }

  allRws(on: boolean): void {
    this.rws = on ? this.fieldwork.rws.map((r) => Number(r.code)) : [];
  }

  /** A box drawn (or cleared) on the map: its error goes, the next check says whether one is still needed. */
  setBox(box: BBox | undefined): void {
    this.box = box;
    const next = { ...this.errors };
    delete next.bbox;
    this.errors = next;
    void this.countBox();
  }

  /** The sentence under the box map: what the box holds, or why it cannot be assigned as it is. */
  get boxCountText(): string | undefined {
    if (!this.box) return undefined;
    if (this.counting) return i18n.t('fwBoxCounting');
    if (this.countError) return i18n.t('fwBoxCountFailed', { error: this.countError });
    const c = this.boxCount;
    if (!c) return undefined;
    if (c.households === 0) return i18n.t('fwBoxEmpty');
    const params = {
      n: formatCount(c.households),
      moved: formatCount(c.assignedOpen),
      max: formatCount(c.max),
    };
    if (c.households > c.max) return i18n.t('fwBoxTooMany', params);
    return i18n.t(c.assignedOpen ? 'fwBoxCountMoved' : 'fwBoxCount', params);
  }

  /** Asks how many households the box holds; a newer box (or none) makes an older answer moot. */
  private async countBox(): Promise<void> {
    this.counter?.abort();
    this.boxCount = undefined;
    this.countError = undefined;
    this.counting = false;
    const box = this.box;
    if (!box) return;
    const counter = new AbortController();
    this.counter = counter;
    this.counting = true;
    const body: SelectionBody = {
      period: this.fieldwork.period,
      kelurahan: this.fieldwork.kelurahan,
      bbox: [...box],
    };
    try {
      const answer = await sendJson<SelectionAnswer>(
        'POST',
        '/api/v1/verivali/selection',
        body,
        session.csrf,
        counter.signal,
      );
      if (!counter.signal.aborted) this.boxCount = answer;
    } catch (err) {
      if (!counter.signal.aborted) this.countError = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.counter === counter) this.counting = false;
    }
  }

  private check(): boolean {
    const e: Partial<Record<FormField, string>> = {};
    const t = (k: MessageKey, p: Record<string, number> = {}) => i18n.t(k, p);
    if (!this.verifierId) e.verifierId = t('fwNeedVerifier');
    if (!this.dueDate) e.dueDate = t('fwNeedDue');
    else if (this.dueDate < dayFromToday()) e.dueDate = t('fwDuePast');
    if (this.way === 'box') {
      const c = this.boxCount;
      if (!this.box) e.bbox = t('fwNeedBox');
      // Known from the count already: said before sending, in the words the count uses.
      else if (c && (c.households === 0 || c.households > c.max)) e.bbox = this.boxCountText;
    } else if (!this.whole && this.rws.length === 0) e.rw = t('fwNeedRw');
    else if (!this.whole && this.rws.length > MAX_RWS) e.rw = t('fwTooManyRws', { max: MAX_RWS });
    this.errors = e;
    return Object.keys(e).length === 0;
  }

  async submit(): Promise<boolean> {
    this.formError = undefined;
    this.done = undefined;
    if (this.busy || !this.check()) return false;
    const body: AssignBody = {
      verifierId: this.verifierId,
      dueDate: this.dueDate,
      period: this.fieldwork.period,
      kelurahan: this.fieldwork.kelurahan,
      ...this.selection(),
    };
    this.busy = true;
    try {
      const res = await apiFetch('/api/v1/verivali/assignments', {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'accept-language': i18n.lang,
          'content-type': 'application/json',
          ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}),
        },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const problem: unknown = await res
          .clone()
          .json()
          .catch(() => undefined);
        const text = (await failure(res)).message;
        const named = assignFieldOf(problem);
        // The API files a selection's refusal (nothing in it) under `rw`: with a box, it is the box's.
        const field: FormField | undefined = named === 'rw' && this.way === 'box' ? 'bbox' : named;
        if (field) this.errors = { [field]: text };
        else this.formError = text;
        return false;
      }
      this.said((await res.json()) as AssignAnswer);
      this.rws = [];
      this.whole = false;
      this.setBox(undefined);
      await this.fieldwork.refresh();
      return true;
    } catch (err) {
      this.formError = err instanceof Error ? err.message : String(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** What the body names besides the kelurahan: its RWs, the box, or nothing (the whole kelurahan). */
  private selection(): Pick<AssignBody, 'rw' | 'bbox'> {
    if (this.way === 'box') return this.box ? { bbox: [...this.box] } : {};
    return this.whole ? {} : { rw: this.rws };
  }

  private said(answer: AssignAnswer): void {
    const verifier = this.fieldwork.verifiers?.find((v) => v.id === answer.verifierId);
    const params = {
      n: formatCount(answer.householdIds.length),
      verifier: verifier?.displayName ?? '',
      date: formatDay(answer.dueDate),
      moved: formatCount(answer.reassigned),
    };
    this.done = i18n.t(answer.reassigned ? 'fwReassignedNotice' : 'fwAssignedNotice', params);
    notify.saved(this.done);
  }
}
