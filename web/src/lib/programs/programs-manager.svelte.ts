// The program rules screen's state and actions (admins): the programs, one program's rule as an editor tree,
// the server's check of the edited rule (as it is typed; its refusal on the node it names), the what-if of the
// edited rule against the stored one by kelurahan, the save (with the version it was edited from; a stale one
// offers a reload) and the rule's history.
import type { Static } from '@sinclair/typebox';
import type { RuleChange, RuleCheckAnswer } from '../../../../server/schemas/program-rules.ts';
import {
  apiFetch,
  fetchAreas,
  fetchPrograms,
  getJson,
  statusMessage,
  type ProgramInfo,
  type WhatIfAnswer,
} from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { codesOf } from '../types/code-lists';
import { notify } from '../ui/notify';
import { fromRule, newCondition, nodeAt, toRule, type Group } from './rule-model';

type Check = Static<typeof RuleCheckAnswer>;
export type Change = Static<typeof RuleChange>;

export interface Refusal {
  /** The editor node it is about (undefined: the rule as a whole). */
  nodeId: number | undefined;
  text: string;
}

/** A change per kelurahan, named, for the preview table (only kelurahan that change). */
export interface PreviewRow {
  code: string;
  name: string;
  gained: number;
  lost: number;
  lostEnrolled: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** The answer whatever its status (the editor reads a refusal's place in the rule); a failure that never reached
 *  the app is said in the user's language (api.ts), never the browser's or a proxy's English. */
async function send(method: 'POST' | 'PUT', url: string, body: unknown): Promise<Answer> {
  const res = await apiFetch(url, {
    method,
    headers: {
      accept: 'application/json',
      'accept-language': i18n.lang,
      'content-type': 'application/json',
      ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  let answer: Record<string, unknown> = {};
  try {
    answer = (await res.json()) as Record<string, unknown>;
  } catch {
    answer = { detail: statusMessage(res.status) };
  }
  return { status: res.status, body: answer };
}

export const firstCode = (list: Parameters<typeof codesOf>[0]) => codesOf(list)[0]!;

export class ProgramsManager {
  programs = $state<ProgramInfo[] | undefined>();
  kelurahanNames = $state<Record<string, string>>({});
  loadError = $state<string | undefined>();

  code = $state<string | undefined>();
  tree = $state<Group>(fromRule(undefined));
  checking = $state(false);
  /** The server's last check of the edited rule (undefined while none is in). */
  checked = $state<{ json: string; refusal: Refusal | undefined } | undefined>();

  previewing = $state(false);
  preview = $state<{ json: string; answer: WhatIfAnswer } | undefined>();
  previewError = $state<string | undefined>();

  saving = $state(false);
  saveError = $state<string | undefined>();
  stale = $state<number | undefined>();

  history = $state<Change[] | undefined>();
  historyError = $state<string | undefined>();

  program = $derived(this.programs?.find((p) => p.code === this.code));
  built = $derived(toRule(this.tree));
  json = $derived(JSON.stringify(this.built.rule));
  /** The edited rule is the stored one (nothing to save). */
  unchanged = $derived(
    this.program !== undefined && JSON.stringify(toRule(fromRule(this.program.rule)).rule) === this.json,
  );
  valid = $derived(this.checked?.json === this.json && this.checked.refusal === undefined);
  refusal = $derived(this.checked?.json === this.json ? this.checked.refusal : undefined);
  previewCurrent = $derived(this.preview?.json === this.json);

  previewRows = $derived.by((): PreviewRow[] => {
    const areas = this.preview?.answer.areas ?? [];
    return areas
      .filter((a) => a.gained > 0 || a.lost > 0)
      .map((a) => ({
        code: a.code,
        name: this.kelurahanNames[a.code] ?? a.code,
        gained: a.gained,
        lost: a.lost,
        lostEnrolled: a.lostEnrolled,
      }))
      .sort((a, b) => b.gained + b.lost - (a.gained + a.lost) || a.name.localeCompare(b.name, 'id'));
  });

  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const [programs, areas] = await Promise.all([fetchPrograms(signal), fetchAreas('kelurahan', signal)]);
      this.kelurahanNames = Object.fromEntries(
        areas.features.map((f) => [f.properties.code, f.properties.name]),
      );
      this.programs = programs;
    } catch (err) {
      if (!signal?.aborted) this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Opens a program: its stored rule in the editor, its history loaded; nothing previewed. */
  open(code: string | undefined): void {
    this.code = code;
    this.stale = undefined;
    this.saveError = undefined;
    this.preview = undefined;
    this.previewError = undefined;
    this.checked = undefined;
    this.history = undefined;
    if (!this.program) return;
    this.tree = fromRule(this.program.rule);
    void this.loadHistory();
  }

  addCondition(group: Group): void {
    group.items.push(newCondition(group.member, firstCode));
  }

  private refusalOf(body: Record<string, unknown>, fallback: string): Refusal {
    const path = typeof body.path === 'string' ? body.path : undefined;
    const reason = typeof body.reason === 'string' ? body.reason : undefined;
    const detail = typeof body.detail === 'string' ? body.detail : fallback;
    return { nodeId: path ? nodeAt(this.built.paths, path) : undefined, text: reason ?? detail };
  }

  /** Asks the server whether the edited rule would be accepted (nothing stored, nothing run). */
  async check(): Promise<void> {
    const json = this.json;
    const code = this.code;
    if (!code) return;
    this.checking = true;
    try {
      const res = await send('POST', `/api/v1/programs/${code}/rule/check`, { rule: this.built.rule });
      if (json !== this.json) return; // edited meanwhile: the next check answers
      const answer = res.body as Check;
      this.checked = {
        json,
        refusal:
          res.status !== 200
            ? this.refusalOf(res.body, String(res.status))
            : answer.valid
              ? undefined
              : this.refusalOf(res.body, ''),
      };
    } catch (err) {
      this.checked = { json, refusal: { nodeId: undefined, text: String(err) } };
    } finally {
      if (json === this.json) this.checking = false;
    }
  }

  /** The what-if of the edited rule: households gained and lost by kelurahan. */
  async runPreview(): Promise<void> {
    if (!this.code) return;
    const json = this.json;
    this.previewing = true;
    this.previewError = undefined;
    try {
      const res = await send('POST', '/api/v1/analysis/what-if', {
        program: this.code,
        rule: this.built.rule,
      });
      if (res.status !== 200) {
        const refusal = this.refusalOf(res.body, String(res.status));
        if (refusal.nodeId !== undefined) this.checked = { json, refusal };
        else this.previewError = refusal.text;
        return;
      }
      this.preview = { json, answer: res.body as unknown as WhatIfAnswer };
    } catch (err) {
      this.previewError = err instanceof Error ? err.message : String(err);
    } finally {
      this.previewing = false;
    }
  }

  /** Stores the edited rule; true when saved. A stale version keeps the edit and offers a reload. */
  async save(): Promise<boolean> {
    const program = this.program;
    if (!program) return false;
    this.saving = true;
    this.saveError = undefined;
    try {
      const res = await send('PUT', `/api/v1/programs/${program.code}/rule`, {
        rule: this.built.rule,
        version: program.version,
      });
      if (res.status === 409) {
        this.stale = typeof res.body.currentVersion === 'number' ? res.body.currentVersion : program.version;
        this.saveError = i18n.t('ruleStale', { version: this.stale });
        return false;
      }
      if (res.status !== 200) {
        const refusal = this.refusalOf(res.body, String(res.status));
        if (refusal.nodeId !== undefined) this.checked = { json: this.json, refusal };
        this.saveError = refusal.text;
        return false;
      }
      const version = Number(res.body.version);
      notify.saved(i18n.t('ruleSaved', { program: program.name, version }));
      await this.refresh(program.code);
      return true;
    } catch (err) {
      this.saveError = err instanceof Error ? err.message : String(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Reloads the programs (the stored rule and version) and opens the same program afresh. */
  async refresh(code = this.code): Promise<void> {
    this.programs = await fetchPrograms();
    this.open(code);
  }

  async loadHistory(): Promise<void> {
    const code = this.code;
    if (!code) return;
    this.historyError = undefined;
    try {
      const answer = await getJson<{ changes: Change[] }>(`/api/v1/programs/${code}/rule-history`);
      if (code === this.code) this.history = answer.changes;
    } catch (err) {
      this.historyError = err instanceof Error ? err.message : String(err);
    }
  }
}
