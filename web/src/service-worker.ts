// The service worker (#20 item 3): a field verifier's phone reloads the app without a signal. It keeps the app
// shell, index.html and every file of the build, in one cache per build, and never anything of the API: person-
// level answers stay out of a cache that outlives the session (the verifier's list is kept by its screen, in
// local storage, and forgotten at logout). Built by web/vite.config.ts (serviceWorker), which puts the build's
// file list and version in place of the two names declared below; registered for field verifiers only
// (lib/verivali/offline-shell.svelte.ts).
//
// Navigations go to the network first, the cached shell only when it fails or hangs; the built files have
// hashed names and never change, so the cached copy is taken first. The cached index.html is never replaced by
// a fresher one: it must name the files cached beside it. A new build is a new worker with a new cache.

/** The build's files (paths from the site's root), put in by the build. */
declare const __SW_FILES__: string[];
/** A hash of the build, put in by the build: a changed app is a changed worker, installed afresh. */
declare const __SW_VERSION__: string;

// lib.dom has no worker-scope types, and lib.webworker would clash with it in the one program: the little used.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const CACHE = `sidaksos-shell-${__SW_VERSION__}`;
const SHELL = '/';
const FILES = new Set(__SW_FILES__.map((f) => `/${f}`));
/** How long a navigation waits for the network before the cached shell answers (a weak signal in the field). */
const NAVIGATION_WAIT_MS = 6000;

scope.addEventListener('install', (event) => {
  // index.html is cached under '/', the address every navigation of the app has.
  const files = [SHELL, ...[...FILES].filter((f) => f !== '/index.html')];
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(files))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  // Earlier builds' caches: their files are no longer the app's.
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('sidaksos-shell-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      ),
  );
});

async function cached(request: Request | string, ignoreSearch = false): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  // ignoreVary: the files are sent precompressed with Vary: Accept-Encoding, which a cached copy need not match.
  return cache.match(request, { ignoreVary: true, ignoreSearch });
}

/** The network's answer, else (offline, or no answer in time) the cached shell. */
async function navigation(request: Request): Promise<Response> {
  let timer: number | undefined;
  const late = new Promise<undefined>((resolve) => (timer = self.setTimeout(resolve, NAVIGATION_WAIT_MS)));
  try {
    const answer = await Promise.race([fetch(request), late]);
    if (answer) return answer;
  } catch {
    // No network: the shell below.
  } finally {
    clearTimeout(timer);
  }
  return (await cached(SHELL, true)) ?? fetch(request);
}

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API (and the map's glyphs) go to the network untouched: nothing of them is cached here.
  if (url.origin !== scope.location.origin || !(request.mode === 'navigate' || FILES.has(url.pathname)))
    return;
  if (request.mode === 'navigate') {
    if (url.pathname === SHELL) event.respondWith(navigation(request));
    return;
  }
  event.respondWith(cached(request).then((hit) => hit ?? fetch(request)));
});

// A module for the type checker, so its declarations stay its own; the build drops the export.
export {};
