// Lighthouse 12.2.3 (pinned: 13 needs Node 22) against the real server in Debian's Chromium: performance,
// accessibility and best-practices of the map signed out and of the staff screens signed in (the session cookie
// sent with every request), on mobile and desktop, each beside its floor, with the audits that cost points named.
// A signed-in run proves it was signed in (the session named a user and the screen's own code was fetched) and
// fails loudly otherwise, so a staff screen's score is never the sign-in prompt's.
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

export const LIGHTHOUSE_FLOORS = {
  accessibility: 98,
  bestPractices: 100,
  performanceMobile: 90,
  performanceDesktop: 98,
} as const;

export type FormFactor = 'mobile' | 'desktop';

export interface LighthousePage {
  /** The screen's URL hash, e.g. 'records' (the map: 'map'). */
  screen: string;
  /** The role signed in, or null for the public. */
  role: string | null;
  formFactor: FormFactor;
  performance: number;
  accessibility: number;
  bestPractices: number;
  /** Core timings in ms (LCP, TBT, FCP) and CLS, as Lighthouse measured them under its throttling. */
  metrics: { fcpMs: number; lcpMs: number; tbtMs: number; cls: number };
  /** Audits of any category that did not pass, as "id: title". */
  failing: string[];
}

export interface LighthouseFigures {
  version: string;
  formFactors: FormFactor[];
  pages: LighthousePage[];
}

export interface LighthouseTarget {
  screen: string;
  /** Who is signed in: a role and its session cookie ("sidaksos_session=…"), or null for the public. */
  session: { role: string; cookie: string } | null;
}

/**
 * The chunk each staff screen's component comes in (lib/app/screen-modules.ts): the app fetches it only to
 * show that screen, to a role that may open it, so its loading proves the screen was the one measured (the
 * records screen is search-first and asks the API nothing on opening).
 */
const SCREEN_CHUNK: Record<string, RegExp> = {
  records: /\/assets\/RecordsView-[^/]+\.js$/,
  steps: /\/assets\/StepsView-[^/]+\.js$/,
  targeting: /\/assets\/TargetingView-[^/]+\.js$/,
};

type Category = { score: number | null; auditRefs: Array<{ id: string; weight: number }> };
type NetworkItem = { url: string; statusCode: number; resourceSize?: number };

/**
 * The session answer says who is signed in; it is 200 either way, and signed out it is `{"user":null,
 * "csrfToken":null}` (31 bytes) while a user's runs to a couple of hundred: Lighthouse records sizes, not
 * bodies, so its decoded size tells the two apart.
 */
const SIGNED_OUT_SESSION_BYTES = 64;

function checkSignedIn(url: string, t: LighthouseTarget, finalUrl: string, requests: NetworkItem[]): void {
  const me = requests.filter((r) => new URL(r.url).pathname === '/api/v1/auth/me');
  const signedIn = me.some((r) => r.statusCode === 200 && (r.resourceSize ?? 0) > SIGNED_OUT_SESSION_BYTES);
  if (t.session && !signedIn)
    throw new Error(`Lighthouse on ${url} was meant to be signed in as ${t.session.role} but was not`);
  if (!t.session && signedIn) throw new Error(`Lighthouse on ${url} was meant to be signed out`);
  // A screen may add its tab to the hash (#targeting/sites-aspd): the screen is the hash's first part.
  if (t.screen !== 'map' && new URL(finalUrl).hash.slice(1).split('/')[0] !== t.screen)
    throw new Error(`Lighthouse on ${url} ended on ${finalUrl}, not the ${t.screen} screen`);
  const chunk = SCREEN_CHUNK[t.screen];
  if (chunk && !requests.some((r) => chunk.test(new URL(r.url).pathname) && r.statusCode === 200))
    throw new Error(
      `Lighthouse on ${url}: the ${t.screen} screen's code was never loaded (not that screen?)`,
    );
}

export async function measureLighthouse(
  baseUrl: string,
  chromiumPath: string,
  targets: LighthouseTarget[],
  formFactors: FormFactor[] = ['mobile', 'desktop'],
): Promise<LighthouseFigures> {
  // The new headless mode is the one Lighthouse supports; root (a container) has no user namespace sandbox.
  const chromeFlags = [
    '--headless=new',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
  ];
  if (process.getuid?.() === 0) chromeFlags.push('--no-sandbox');
  const chrome = await launch({ chromePath: chromiumPath, chromeFlags, logLevel: 'silent' });
  const pages: LighthousePage[] = [];
  let version = '';
  const categories = ['performance', 'accessibility', 'best-practices'];
  try {
    for (const formFactor of formFactors)
      for (const t of targets) {
        const url = t.screen === 'map' ? `${baseUrl}/` : `${baseUrl}/#${t.screen}`;
        const run = () =>
          lighthouse(
            url,
            {
              port: chrome.port,
              output: 'json',
              logLevel: 'error',
              ...(formFactor === 'mobile' ? { formFactor: 'mobile' as const } : {}),
              onlyCategories: categories,
              // Each run starts from a clean profile so one page's session does not leak into the public's.
              disableStorageReset: false,
              ...(t.session ? { extraHeaders: { Cookie: t.session.cookie } } : {}),
            },
            formFactor === 'desktop' ? desktopConfig : undefined,
          );
        let result = await run();
        // A trace Lighthouse failed to record (NO_NAVSTART and the like, on a busy machine) says nothing about
        // the page: two more tries, then the error.
        for (let retry = 0; retry < 2 && result?.lhr.runtimeError; retry++) result = await run();
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        const lhr = result.lhr;
        if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
        version = lhr.lighthouseVersion;
        const requests =
          (lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? [];
        checkSignedIn(url, t, lhr.finalDisplayedUrl, requests);
        const cats = lhr.categories as Record<string, Category>;
        const failing = new Set<string>();
        for (const cat of categories)
          for (const ref of cats[cat]!.auditRefs) {
            const audit = lhr.audits[ref.id]!;
            if (ref.weight > 0 && audit.score !== null && audit.score < 1)
              failing.add(`${ref.id}: ${audit.title}`);
          }
        const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
        pages.push({
          screen: t.screen,
          role: t.session?.role ?? null,
          formFactor,
          performance: Math.round((cats.performance!.score ?? 0) * 100),
          accessibility: Math.round((cats.accessibility!.score ?? 0) * 100),
          bestPractices: Math.round((cats['best-practices']!.score ?? 0) * 100),
          metrics: {
            fcpMs: ms('first-contentful-paint'),
            lcpMs: ms('largest-contentful-paint'),
            tbtMs: ms('total-blocking-time'),
            cls: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN) * 1000) / 1000,
          },
          failing: [...failing],
        });
      }
  } finally {
    chrome.kill();
  }
  return { version, formFactors, pages };
}
