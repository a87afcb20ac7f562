// A record's members as the operator keeps them (#16 task 4): a member added (a birth, a move-in) and a
// member's name, birth date, relation and disabilities corrected, each under the household's version. A problem
// the API names for one field (the import rules' column) shows beside that field; a stale version (409) offers
// a reload; a save confirms itself and reloads the record, so the table and the history show it at once.
import { ApiError, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { mayCall } from '../types/roles';
import { confirmWrite } from '../proposals/held';
import type { Disability, Household, Member } from './types';

/** The fields of the member forms, each with its error beside it. */
export type MemberField = 'reason' | 'nik' | 'name' | 'sex' | 'birthDate' | 'relation' | 'disabilities';
export type FieldErrors = Partial<Record<MemberField, string>>;

export interface MemberDraft {
  reason: string;
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
  relation: string;
  disabilities: Disability[];
}

export interface MemberCorrection {
  name: string;
  birthDate: string;
  relation: string;
  disabilities: Disability[];
}

export const emptyMember = (): MemberDraft => ({
  reason: 'birth',
  nik: '',
  name: '',
  sex: 'L',
  birthDate: '',
  relation: 'anak',
  disabilities: [],
});

/** The import rules name a member's problem by its column (server/imports/households): the form's field. */
const COLUMN_FIELD: Record<string, MemberField> = {
  nik: 'nik',
  nama: 'name',
  jenis_kelamin: 'sex',
  tanggal_lahir: 'birthDate',
  hubungan: 'relation',
  disabilitas: 'disabilities',
};

/** What the forms check before sending (the server checks everything again, in the user's language). */
function checkDraft(
  d: Pick<MemberDraft, 'name' | 'birthDate' | 'disabilities'> & { nik?: string },
): FieldErrors {
  const errors: FieldErrors = {};
  if (d.nik !== undefined && !/^\d{16}$/.test(d.nik.trim())) errors.nik = i18n.t('cwNikDigits');
  if (d.name.trim().length < 2) errors.name = i18n.t('cwNameShort');
  if (!d.birthDate) errors.birthDate = i18n.t('cwRequired');
  const types = d.disabilities.map((x) => x.type);
  if (new Set(types).size !== types.length) errors.disabilities = i18n.t('cwDisabilityTwice');
  return errors;
}

const sameDisabilities = (a: Disability[], b: Disability[]) => {
  const key = (l: Disability[]) =>
    JSON.stringify([...l].sort((x, y) => x.type.localeCompare(y.type)).map((d) => [d.type, d.severity]));
  return key(a) === key(b);
};

/** The changes a correction sends: only the fields that differ from the member as read. */
export function correctionChanges(m: Member, c: MemberCorrection): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (c.name.trim() !== m.name) changes.name = c.name.trim();
  if (c.birthDate !== m.birthDate) changes.birthDate = c.birthDate;
  if (c.relation !== m.relation) changes.relation = c.relation;
  if (!sameDisabilities(c.disabilities, m.disabilities)) changes.disabilities = c.disabilities;
  return changes;
}

export class MembersManager {
  /** Errors beside the fields of the open form. */
  fieldErrors = $state<FieldErrors>({});
  /** A problem of the form as a whole (beside its save button). */
  error = $state<string | undefined>();
  /** The save met a newer version of the record: the form offers a reload. */
  stale = $state(false);
  busy = $state(false);
  /** The member whose correction form is open, or the new-member form: one form at a time. */
  editing = $state<string | undefined>();
  adding = $state(false);

  readonly canAdd = $derived(mayCall('POST /api/v1/households/:id/members', session.user?.role));
  readonly canEdit = $derived(mayCall('PATCH /api/v1/households/:id/members/:memberId', session.user?.role));

  constructor(
    private readonly record: () => Household | undefined,
    private readonly reloadRecord: () => Promise<void>,
  ) {}

  /** Clears what a previous form left (a form opens clean). */
  reset(): void {
    this.fieldErrors = {};
    this.error = undefined;
    this.stale = false;
  }

  edit(memberId: string): void {
    this.reset();
    this.adding = false;
    this.editing = memberId;
  }

  startAdding(): void {
    this.reset();
    this.editing = undefined;
    this.adding = true;
  }

  close(): void {
    this.reset();
    this.editing = undefined;
    this.adding = false;
  }

  /** After a stale save: the record as it now stands, and the form closed (its values were not saved). */
  async reload(): Promise<void> {
    this.close();
    await this.reloadRecord();
  }

  /** A new member; true once added and the record reloaded. */
  async add(d: MemberDraft): Promise<boolean> {
    this.reset();
    this.fieldErrors = checkDraft(d);
    if (Object.keys(this.fieldErrors).length) return false;
    const name = d.name.trim();
    const sent = await this.send('POST', '/members', {
      reason: d.reason,
      member: {
        nik: d.nik.trim(),
        name,
        sex: d.sex,
        birthDate: d.birthDate,
        relation: d.relation,
        disabilities: d.disabilities,
      },
    });
    if (sent) confirmWrite(sent.answer, () => i18n.t('cwMemberAdded', { name }));
    return sent !== undefined;
  }

  /** A member's corrections; true once saved (or when nothing changed is said instead, false). */
  async correct(m: Member, c: MemberCorrection): Promise<boolean> {
    this.reset();
    this.fieldErrors = checkDraft(c);
    if (Object.keys(this.fieldErrors).length) return false;
    const changes = correctionChanges(m, c);
    if (Object.keys(changes).length === 0) {
      this.error = i18n.t('cwNothingChanged');
      return false;
    }
    const sent = await this.send('PATCH', `/members/${m.id}`, { changes });
    if (sent) confirmWrite(sent.answer, () => i18n.t('cwMemberSaved', { name: c.name.trim() }));
    return sent !== undefined;
  }

  /** The write's answer (a saved record or a proposal held for review), or undefined when it failed. */
  private async send(
    method: 'POST' | 'PATCH',
    path: string,
    body: object,
  ): Promise<{ answer: unknown } | undefined> {
    const record = this.record();
    if (!record) return undefined;
    this.busy = true;
    let answer: unknown;
    try {
      answer = await sendJson(
        method,
        `/api/v1/households/${record.id}${path}`,
        { version: record.version, ...body },
        session.csrf,
      );
    } catch (err) {
      this.failed(err);
      return undefined;
    } finally {
      this.busy = false;
    }
    this.close();
    await this.reloadRecord();
    return { answer };
  }

  private failed(err: unknown): void {
    if (err instanceof ApiError && err.kind === 'stale-version') {
      this.stale = true;
      this.error = i18n.t('cwStale');
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    // "{column}: {reason}" names the field; a NIK registered elsewhere is the NIK's problem.
    const named = /^([a-z_]+): (.+)$/s.exec(message);
    const field = named ? COLUMN_FIELD[named[1]!] : undefined;
    if (field && named) this.fieldErrors = { [field]: named[2]! };
    else if (err instanceof ApiError && err.kind === 'duplicate') this.fieldErrors = { nik: message };
    else this.error = message;
  }
}
