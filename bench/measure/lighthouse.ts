// Lighthouse 12.2.3 (pinned: 13 needs Node 22) against the real server, mobile form factor, in Debian's Chromium:
// the accessibility and best-practices scores of the map signed out and of the staff screens signed in (the
// session cookie sent with every request), each beside its floor, with the audits that cost points named.
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

export const LIGHTHOUSE_FLOORS = { accessibility: 98, bestPractices: 100 } as const;

export interface LighthousePage {
  /** The screen's URL hash, e.g. 'records' (the map: 'map'). */
  screen: string;
  /** The role signed in, or null for the public. */
  role: string | null;
  accessibility: number;
  bestPractices: number;
  /** Audits of either category that did not pass, as "id: title". */
  failing: string[];
}

export interface LighthouseFigures {
  version: string;
  formFactor: 'mobile';
  pages: LighthousePage[];
}

export interface LighthouseTarget {
  screen: string;
  /** Who is signed in: a role and its session cookie ("sidaksos_session=…"), or null for the public. */
  session: { role: string; cookie: string } | null;
}

type Category = { score: number | null; auditRefs: Array<{ id: string; weight: number }> };

export async function measureLighthouse(
  baseUrl: string,
  chromiumPath: string,
  targets: LighthouseTarget[],
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
  try {
    for (const t of targets) {
      const url = t.screen === 'map' ? `${baseUrl}/` : `${baseUrl}/#${t.screen}`;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        formFactor: 'mobile',
        onlyCategories: ['accessibility', 'best-practices'],
        // Each run starts from a clean profile so one page's session does not leak into the public's.
        disableStorageReset: false,
        ...(t.session ? { extraHeaders: { Cookie: t.session.cookie } } : {}),
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
      version = lhr.lighthouseVersion;
      const cats = lhr.categories as Record<string, Category>;
      const failing = new Set<string>();
      for (const cat of ['accessibility', 'best-practices'])
        for (const ref of cats[cat]!.auditRefs) {
          const audit = lhr.audits[ref.id]!;
          if (ref.weight > 0 && audit.score !== null && audit.score < 1)
            failing.add(`${ref.id}: ${audit.title}`);
        }
      pages.push({
        screen: t.screen,
        role: t.session?.role ?? null,
        accessibility: Math.round((cats.accessibility!.score ?? 0) * 100),
        bestPractices: Math.round((cats['best-practices']!.score ?? 0) * 100),
        failing: [...failing],
      });
    }
  } finally {
    chrome.kill();
  }
  return { version, formFactor: 'mobile', pages };
}
