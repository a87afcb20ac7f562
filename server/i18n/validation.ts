// Schema (Ajv) validation errors as sentences in the caller's language, naming the field as users know it.
// Without a language asked for, the API keeps Ajv's technical wording ("querystring.level must be equal to one
// of the allowed values"), which API clients match on; `errors` always carries path, keyword and parameters.
import type { FastifyError } from 'fastify';
import { problemType } from '../lib/problem.ts';
import { fieldLabel } from './field-labels.ts';
import { isMessageKey, t, type Lang, type MessageParams } from './translate.ts';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : String(v));

/** The translated sentence for one Ajv error. */
export function validationSentence(lang: Lang, e: AjvError): { text: string; params: MessageParams } {
  const segments = e.instancePath.split('/').filter(Boolean);
  // A missing property is reported on its parent: name the missing one.
  if (e.keyword === 'required' && typeof e.params.missingProperty === 'string')
    segments.push(e.params.missingProperty);
  // `params` are the same in every language (the field's path, Ajv's values); `words` are what the text shows.
  const params: Record<string, string | number> = { field: segments.join('.') };
  const words: Record<string, string | number> = {
    field: fieldLabel(lang, segments) ?? t(lang, 'validation.theRequest'),
  };
  switch (e.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      params.limit = words.limit = Number(e.params.limit);
      break;
    case 'type': {
      params.expected = String(e.params.type);
      words.expected = params.expected
        .split(',')
        .map((ty) => {
          const k = `type.${ty}`;
          return isMessageKey(k) ? t(lang, k) : ty;
        })
        .join(' / ');
      break;
    }
    case 'enum':
      params.allowed = words.allowed = list(e.params.allowedValues);
      break;
    case 'const':
      params.allowed = words.allowed = list(e.params.allowedValue);
      break;
    case 'additionalProperties':
      params.extra = words.extra = String(e.params.additionalProperty);
      break;
    case 'format': {
      const k = `format.${String(e.params.format)}`;
      params.format = String(e.params.format);
      words.format = isMessageKey(k) ? t(lang, k) : params.format;
      break;
    }
  }
  const key = `validation.${e.keyword}`;
  return { text: t(lang, isMessageKey(key) ? key : 'validation.other', words), params };
}

/** The problem body of a Fastify validation error. */
export function validationProblem(err: FastifyError, lang: Lang, asked: boolean): Record<string, unknown> {
  const all = (err.validation ?? []) as unknown as AjvError[];
  // Union schemas report every branch; an enum/const/type error of a branch reads better than "anyOf".
  let first = all.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf') ?? all[0];
  // A union of literals (Type.Union of Type.Literal) fails as one const per branch: list them all as an enum.
  const consts = all.filter((e) => e.keyword === 'const' && e.instancePath === first?.instancePath);
  if (first && consts.length > 1)
    first = {
      ...first,
      keyword: 'enum',
      params: { allowedValues: consts.map((e) => e.params.allowedValue) },
    };
  const where = err.validationContext ?? 'request';
  const raw = all[0];
  const technical = raw?.instancePath ? `${where}${raw.instancePath.replace(/\//g, '.')}` : where;
  const sentence = first ? validationSentence(lang, first) : undefined;
  return {
    type: problemType('validation'),
    title: t(lang, 'title.validation'),
    status: 400,
    detail: asked && sentence ? sentence.text : `${technical} ${raw?.message ?? err.message}`,
    ...(first ? { keyword: first.keyword, params: sentence?.params } : {}),
    errors: all.map((v) => ({
      path: v.instancePath,
      keyword: v.keyword,
      params: v.params,
      message: v.message,
    })),
  };
}
