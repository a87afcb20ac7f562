// The server's message catalogues: the same keys in both languages, no empty text, the same parameters, and
// the request-language rules (?lang= first, then Accept-Language, English by default).
import { describe, expect, it } from 'vitest';
import { MESSAGES_EN } from '../../server/i18n/messages.en.ts';
import { MESSAGES_ID } from '../../server/i18n/messages.id.ts';
import { fromAcceptLanguage, fromQuery, t } from '../../server/i18n/translate.ts';

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('server message catalogues', () => {
  it('have the same keys in Indonesian and English', () => {
    expect(Object.keys(MESSAGES_ID).sort()).toEqual(Object.keys(MESSAGES_EN).sort());
  });

  it('have no empty text', () => {
    for (const [key, text] of [...Object.entries(MESSAGES_EN), ...Object.entries(MESSAGES_ID)])
      expect(text.trim().length, key).toBeGreaterThan(0);
  });

  it('use parameters of the same names in both languages (the rate limit words its wait differently)', () => {
    for (const key of Object.keys(MESSAGES_EN) as Array<keyof typeof MESSAGES_EN>) {
      if (key === 'limit.rate') continue;
      expect(params(MESSAGES_ID[key]), key).toEqual(params(MESSAGES_EN[key]));
    }
  });

  it('translate between languages (an Indonesian text is not the English one, except names and codes)', () => {
    const same = Object.keys(MESSAGES_EN).filter(
      (k) => MESSAGES_EN[k as keyof typeof MESSAGES_EN] === MESSAGES_ID[k as keyof typeof MESSAGES_ID],
    );
    // Words both languages share (RT/RW, program, kelurahan, Desil, NIK, template column names) and bare patterns.
    for (const k of same)
      expect(MESSAGES_EN[k as keyof typeof MESSAGES_EN]).toMatch(/^[A-Za-z_{}:. ]{1,20}$/);
  });

  it('fills parameters and leaves a missing one visible', () => {
    expect(t('en', 'period.stillOpen', { open: '2025-12', period: '2026-07' })).toBe(
      'Period 2025-12 is still open; finalize it before opening 2026-07.',
    );
    expect(t('id', 'period.stillOpen', { open: '2025-12' })).toContain('{period}');
  });

  it('pick the language from Accept-Language by q-value, and ?lang= from the URL', () => {
    expect(fromAcceptLanguage('id')).toBe('id');
    expect(fromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(fromAcceptLanguage('fr, id-ID;q=0.8, en;q=0.5')).toBe('id');
    expect(fromAcceptLanguage('en;q=0.3, id;q=0.7')).toBe('id');
    expect(fromAcceptLanguage('fr, de')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
    expect(fromQuery('/api/v1/indicators/poor_share?format=csv&lang=en')).toBe('en');
    expect(fromQuery('/api/v1/indicators/poor_share?lang=fr')).toBeUndefined();
    expect(fromQuery('/api/v1/indicators/poor_share')).toBeUndefined();
  });
});
