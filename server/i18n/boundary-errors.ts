// A boundary import's English refusal (what the importer and its file readers write, and the CLI prints) as a
// catalogue entry with its parameters, so the API can say it in the caller's language. The templates are the
// `boundary.file.*` entries themselves: each is turned into a pattern once, and the phrases inside a sentence
// (`boundary.part.*`) become nested entries, said in the same language. A sentence no template knows is kept
// whole inside `boundary.refused`.
import { BOUNDARY_MESSAGES_EN } from './boundary-catalogue.ts';
import type { MessageKey } from './translate.ts';

type Key = keyof typeof BOUNDARY_MESSAGES_EN & MessageKey;

export interface BoundaryMessage {
  key: MessageKey;
  params: Record<string, string>;
  /** Parameters that are catalogue entries themselves (HttpProblem.nested). */
  nested: Record<string, Array<{ key: MessageKey; params: Record<string, string> }>>;
}

interface Template {
  key: Key;
  pattern: RegExp;
  names: string[];
}

function compile(prefix: string): Template[] {
  return (Object.keys(BOUNDARY_MESSAGES_EN) as Key[])
    .filter((key) => key.startsWith(prefix))
    .map((key) => {
      const text = BOUNDARY_MESSAGES_EN[key];
      const names: string[] = [];
      const source = text
        .split(/(\{\w+\})/)
        .map((piece) => {
          const name = /^\{(\w+)\}$/.exec(piece)?.[1];
          if (!name) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([\\s\\S]+?)';
        })
        .join('');
      return { key, pattern: new RegExp(`^${source}$`), names };
    });
}

const SENTENCES = compile('boundary.file.');
const PHRASES = compile('boundary.part.');

function matchOne(templates: Template[], text: string) {
  for (const t of templates) {
    const m = t.pattern.exec(text);
    if (m) return { key: t.key, params: Object.fromEntries(t.names.map((n, i) => [n, m[i + 1]!])) };
  }
  return undefined;
}

/** The catalogue entry saying `message`, or `boundary.refused` holding it as given. */
export function boundaryMessage(message: string): BoundaryMessage {
  const found = matchOne(SENTENCES, message.trim());
  if (!found) return { key: 'boundary.refused', params: { reason: message }, nested: {} };
  const nested: BoundaryMessage['nested'] = {};
  for (const [name, value] of Object.entries(found.params)) {
    // A list of feature problems is one per line; every line must be known for the list to be translated.
    const parts = name === 'list' ? value.split('\n- ') : [value];
    const said = parts.map((p) => matchOne(PHRASES, p));
    if (said.every((s) => s !== undefined)) nested[name] = said;
  }
  return { key: found.key, params: found.params, nested };
}
