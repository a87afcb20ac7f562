// Which screen is shown, kept in the URL's hash (`#records`), so a screen survives a reload, can be shared,
// and the browser's back button returns to the previous one.
export const SCREENS = [
  'map',
  'login',
  'audit',
  'targeting',
  'records',
  'steps',
  'imports',
  'users',
] as const;
export type Screen = (typeof SCREENS)[number];

function fromHash(): Screen {
  const name = location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) && name !== 'map' ? (name as Screen) : 'map';
}

class Router {
  screen = $state<Screen>(fromHash());

  constructor() {
    window.addEventListener('hashchange', () => (this.screen = fromHash()));
  }

  go(next: Screen): void {
    if (next === this.screen) return;
    this.screen = next;
    // A new history entry: Back returns to the previous screen, as on any web page.
    history.pushState(null, '', next === 'map' ? location.pathname + location.search : `#${next}`);
  }
}

export const router = new Router();
