// The record's history in words: each audit entry as one sentence in the user's language ("Desil diubah dari 3
// menjadi 2", "Anggota Siti ditambahkan"), codes as their labels, never raw JSON. Framework-free: the language's
// catalogue and code labels come in as arguments, so the sentences are the same wherever they are shown.
import { CATALOGUES, type Lang, type MessageKey } from '../i18n.svelte';
import { CODE_LISTS, codeLabel, type CodeListName } from '../types/code-lists';
import type { Change, Member } from './types';

/** The code list each coded field's values come from (member fields where they differ from the household's). */
const FIELD_LISTS: Record<string, CodeListName | 'need' | 'ppks'> = {
  desil_source: 'desilSource',
  lighting: 'lighting',
  floor_type: 'floorType',
  wall_type: 'wallType',
  roof_type: 'roofType',
  toilet: 'toilet',
  water_source: 'waterSource',
  cooking_fuel: 'cookingFuel',
  ownership: 'ownership',
  status: 'householdStatus',
  verification_status: 'verificationStatus',
  assignment_status: 'assignmentStatus',
  relation: 'relation',
  sex: 'sex',
  education: 'education',
  occupation: 'occupation',
};
const ENTITY_LISTS: Record<string, Record<string, CodeListName | 'need' | 'ppks'>> = {
  member: { status: 'memberStatus' },
  handling_step: { status: 'stepStatus' },
  household_needs: { code: 'need' },
  household_problems: { code: 'ppks' },
};

/** The audit screen's entity labels: a list another screen adds (until then, the entity as it is logged). */
const AUDIT_ENTITY: string = 'auditEntity';

export interface Sentences {
  /** What happened, one sentence per entry. */
  what: string;
  /** When and by whom. */
  who: string;
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const translator =
  (lang: Lang): T =>
  (key, params = {}) =>
    CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? `{${p}}`));

const isKey = (k: string): k is MessageKey => k in CATALOGUES.id;

/** A code of a list that may not exist yet in this build (a list another screen adds): its label or itself. */
function label(list: CodeListName | 'need' | 'ppks', code: string, lang: Lang): string {
  if (list !== 'need' && list !== 'ppks' && !(list in CODE_LISTS)) return code;
  return codeLabel(list, code, lang);
}

function fieldName(field: string, t: T): string {
  const key = `recF_${field}`;
  if (isKey(key)) return t(key);
  // The second and later of a field a diff names more than once (a file's members: "member_2"), numbered.
  const [, base, n] = /^(.+)_(\d+)$/.exec(field) ?? [];
  const baseKey = `recF_${base}`;
  if (base && isKey(baseKey)) return `${t(baseKey)} ${n}`;
  return field.replace(/_/g, ' ');
}

/** One value as words: labels for codes, yes/no, lists joined; an object never shows as JSON. */
function valueText(numbered: string, v: unknown, entity: string, lang: Lang, t: T): string {
  if (v === null || v === undefined || v === '') return t('recNotRecorded');
  // "relation_2" is a relation (fieldName): its values read as one.
  const field = numbered.replace(/_(\d+)$/, '');
  const list = ENTITY_LISTS[entity]?.[field] ?? FIELD_LISTS[field];
  if (typeof v === 'string') return list ? label(list, v, lang) : v;
  if (typeof v === 'number') return v.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB');
  if (typeof v === 'boolean') return t(v ? 'recYes' : 'recNo');
  if (field === 'disabilities' && Array.isArray(v)) {
    if (v.length === 0) return t('recHistNoDisabilities');
    return (v as Array<{ type?: string; severity?: string }>)
      .map(
        (d) =>
          `${label('disabilityType', String(d.type), lang)} (${label('severity', String(d.severity), lang)})`,
      )
      .join(', ');
  }
  if (Array.isArray(v)) return v.map((x) => valueText(field, x, entity, lang, t)).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.lat === 'number' && typeof o.lon === 'number')
      return `${t('recLocationSet')} (${o.lat.toFixed(5)}, ${o.lon.toFixed(5)})`;
    if (typeof o.name === 'string') return o.name;
  }
  return '…';
}

/** A field's name in `lang` (the history's and the proposals' diff's words). */
export const fieldWords = (field: string, lang: Lang): string => fieldName(field, translator(lang));
/** A household field's value as words in `lang` (codes as labels, never JSON). */
export const valueWords = (field: string, v: unknown, lang: Lang): string =>
  valueText(field, v, 'household', lang, translator(lang));

/** "X diubah dari A menjadi B", "X diisi B" or "X dikosongkan". */
function fieldSentence(field: string, [before, after]: [unknown, unknown], entity: string, lang: Lang, t: T) {
  const params = {
    field: fieldName(field, t),
    before: valueText(field, before, entity, lang, t),
    after: valueText(field, after, entity, lang, t),
  };
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(before) && !empty(after)) return t('recHistSet', params);
  if (!empty(before) && empty(after)) return t('recHistCleared', params);
  return t('recHistChanged', params);
}

const pairs = (c: Change): Array<[string, [unknown, unknown]]> =>
  Object.entries(c.changes ?? {}).filter(
    (e): e is [string, [unknown, unknown]] => Array.isArray(e[1]) && e[1].length === 2,
  );

function fieldList(c: Change, lang: Lang, t: T, skip: string[] = []): string {
  return pairs(c)
    .filter(([f]) => !skip.includes(f))
    .map(([f, ba]) => fieldSentence(f, ba, c.entity, lang, t))
    .join('; ');
}

/** The sentence of one entry; `members` names the member an entry touched (by its id). */
export function describe(c: Change, members: Member[], lang: Lang): string {
  const t = translator(lang);
  const ch = c.changes ?? {};
  const after = (f: string) => ch[f]?.[1];
  if (c.entity === 'household') {
    if (c.action === 'create')
      return t('recHistHouseholdCreated', { members: Number(after('members') ?? 1) });
    if (c.action === 'leave')
      return t('recHistHouseholdLeft', {
        reason: valueText('status', after('status'), 'household', lang, t),
      });
    if (c.action === 'merge') return t('recHistMerged');
  }
  if (c.entity === 'member') {
    const joined = after('member') as { name?: string } | undefined;
    const name =
      joined?.name ??
      (after('name') as string | undefined) ??
      members.find((m) => c.entityIds.includes(m.id))?.name;
    if (c.action === 'create' && name) return t('recHistMemberAdded', { name });
    if (c.action === 'leave' && name)
      return t('recHistMemberLeft', {
        name,
        reason: valueText('status', after('status'), 'member', lang, t),
      });
    const what = fieldList(c, lang, t, ['member']);
    return name ? t('recHistMemberChanged', { name, what }) : t('recHistMember', { what });
  }
  if (c.entity === 'handling_step') {
    if (c.action === 'create')
      return t('recHistStepAdded', { action: valueText('action', after('action'), c.entity, lang, t) });
    return t('recHistStepChanged', { what: fieldList(c, lang, t) });
  }
  if (c.entity === 'household_needs' || c.entity === 'household_problems') {
    const what = valueText('code', after('code'), c.entity, lang, t);
    return t(c.entity === 'household_needs' ? 'recHistNeedAdded' : 'recHistProblemAdded', { what });
  }
  if (c.entity === 'household_need') {
    const [was, now] = (ch.met ?? []) as [unknown, unknown];
    const words = (v: unknown) => t(v ? 'recHistMet' : 'recHistNotMet');
    return t('recHistNeedChanged', {
      what: t('recHistChanged', { field: t('recF_met'), before: words(was), after: words(now) }),
    });
  }
  if (c.entity === 'proposal' && (c.action === 'approve' || c.action === 'reject')) {
    // A reviewer's decision: what the proposal changed (or would have), without its own bookkeeping fields.
    const kindCode = after('kind');
    const kind = label('proposalKind', typeof kindCode === 'string' ? kindCode : '', lang);
    const what = fieldList(c, lang, t, ['proposal_status', 'kind', 'proposed_by', 'member_id']);
    return t(c.action === 'approve' ? 'recHistProposalApproved' : 'recHistProposalRejected', { kind, what });
  }
  const what = fieldList(c, lang, t);
  if (what) return what;
  return t('recHistOther', {
    action: label('auditAction', c.action, lang),
    entity: AUDIT_ENTITY in CODE_LISTS ? label(AUDIT_ENTITY as CodeListName, c.entity, lang) : c.entity,
  });
}

/** "2025-12-02 08:15 · oleh b.operator": local time of the browser, the user's name as the log keeps it. */
export function who(c: Pick<Change, 'at' | 'username'>, lang: Lang): string {
  const t = translator(lang);
  const when = new Date(c.at).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return t('recHistBy', { when, who: c.username ?? t('recHistSystem') });
}
