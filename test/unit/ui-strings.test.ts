// No user-visible text is typed into a component (#17): every word a user reads or hears comes from the
// catalogues (i18n.svelte.ts and the per-screen string modules), so the English screen is English all the way
// down. Walks every .svelte file's template with Svelte's own parser: text between tags and the attributes a
// screen reader or a pointer shows (aria-label, title, placeholder, alt…) may hold only expressions, symbols,
// numbers and the few names that are the same in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../web/src');
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'label']);
/** Words that read the same in Bahasa Indonesia and English: the product, the city's area names, formats. */
const SAME_IN_BOTH = new Set([
  'Sidaksos',
  'Kelurahan',
  'Kecamatan',
  'KK',
  'NIK',
  'RT',
  'RW',
  'OPD',
  'CSV',
  'XLSX',
  'PNG',
  'PDF',
  'GeoJSON',
  'API',
  'Bahasa Indonesia',
  'English',
  'Desil',
  'PPKS',
]);

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? svelteFiles(path.join(dir, e.name))
      : e.name.endsWith('.svelte')
        ? [path.join(dir, e.name)]
        : [],
  );
}

interface Node {
  type: string;
  data?: string;
  name?: string;
  value?: unknown;
  attributes?: Node[];
  fragment?: { nodes: Node[] };
  [key: string]: unknown;
}

/** Text a user would read: letters, and not one of the shared names. */
function isWords(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!/\p{L}{2,}/u.test(t)) return false;
  const stripped = [...SAME_IN_BOTH].reduce((acc, w) => acc.replaceAll(w, ''), t);
  return /\p{L}{2,}/u.test(stripped);
}

function visit(node: unknown, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) visit(n, found);
    return;
  }
  const n = node as Node;
  // <style> and <script> are not shown; svelte:head's <title> is set from the catalogue in App.svelte.
  if (n.type === 'StyleSheet' || n.type === 'Script') return;
  if (n.type === 'Text' && typeof n.data === 'string' && isWords(n.data)) found.push(n.data.trim());
  if (n.type === 'Attribute' && n.name && SHOWN_ATTRIBUTES.has(n.name) && Array.isArray(n.value)) {
    for (const part of n.value as Node[])
      if (part.type === 'Text' && part.data && isWords(part.data)) found.push(`${n.name}="${part.data}"`);
  }
  for (const [key, value] of Object.entries(n)) {
    if (key === 'value' && n.type === 'Attribute') continue;
    if (key === 'expression' || key === 'loc' || key === 'metadata') continue;
    if (typeof value === 'object') visit(value, found);
  }
}

describe('UI strings', () => {
  const files = svelteFiles(ROOT);

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('would catch a typed word, in text and in a shown attribute, and not a name or an expression', () => {
    const found: string[] = [];
    const sample = '<button title="Hapus data" aria-label={t(k)}>Simpan {x} KK</button><p>{n} · 12%</p>';
    visit(parse(sample, { modern: true }).fragment, found);
    expect(found).toEqual(['title="Hapus data"', 'Simpan']);
  });

  // Parses every component: seconds on a loaded machine, over the 5 s default (a limit, not a measured figure).
  it('types no words into any component: every text comes from the catalogues', { timeout: 60_000 }, () => {
    const offenders: string[] = [];
    for (const file of files) {
      const ast = parse(readFileSync(file, 'utf8'), { modern: true });
      const found: string[] = [];
      visit(ast.fragment, found);
      for (const f of found) offenders.push(`${path.relative(ROOT, file)}: ${f}`);
    }
    expect(offenders).toEqual([]);
  });
});
