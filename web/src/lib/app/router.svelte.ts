// Which screen is shown, kept in the URL's hash (`#records`, `#records/<id>`), so a screen and a record survive
// a reload, can be shared, and the browser's back button returns to the previous one. What follows the screen's
// name (`param`) is the screen's own: a record's id, a program's code, a period pair.
export const SCREENS = [
  'map',
  'login',
  'audit',
  'targeting',
  'records',
  'steps',
  'imports',
  'users',
  'periods',
  'boundaries',
  'programs',
  'changes',
  'tokens',
  'proposals',
  'verivali',
  'fieldwork',
] as const;
export type Screen = (typeof SCREENS)[number];

interface Place {
  screen: Screen;
  /** The rest of the hash after `screen/`, decoded; '' when there is none. */
  param: string;
}

function fromHash(): Place {
  const raw = location.hash.replace(/^#\/?/, '');
  const slash = raw.indexOf('/');
  const name = slash < 0 ? raw : raw.slice(0, slash);
  const rest = slash < 0 ? '' : raw.slice(slash + 1);
  if (!(SCREENS as readonly string[]).includes(name) || name === 'map') return { screen: 'map', param: '' };
  let param = rest;
  try {
    param = decodeURIComponent(rest);
  } catch {
    // A hand-typed malformed escape: the raw text is the best guess, never a crash.
  }
  return { screen: name as Screen, param };
}

const hashOf = (screen: Screen, param: string) =>
  screen === 'map' && !param
    ? location.pathname + location.search
    : `#${screen}${param ? `/${encodeURIComponent(param)}` : ''}`;

class Router {
  screen = $state<Screen>(fromHash().screen);
  param = $state<string>(fromHash().param);

  constructor() {
    window.addEventListener('hashchange', () => this.sync());
    window.addEventListener('popstate', () => this.sync());
  }

  private sync(): void {
    const place = fromHash();
    this.screen = place.screen;
    this.param = place.param;
  }

  /** A new place, with a history entry: Back returns to the previous one, as on any web page. */
  go(next: Screen, param = ''): void {
    if (next === this.screen && param === this.param) return;
    this.screen = next;
    this.param = param;
    history.pushState(null, '', hashOf(next, param));
  }

  /** The same screen, another param, without a history entry (a filter being typed, a tab chosen). */
  replace(param: string): void {
    if (param === this.param) return;
    this.param = param;
    history.replaceState(null, '', hashOf(this.screen, param));
  }

  /** The link to a place, for <a href>: a record or screen opened in a new tab or shared. */
  href(screen: Screen, param = ''): string {
    return screen === 'map' && !param ? '#' : `#${screen}${param ? `/${encodeURIComponent(param)}` : ''}`;
  }
}

export const router = new Router();
