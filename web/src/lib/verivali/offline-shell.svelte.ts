// Registers the service worker (src/service-worker.ts), which keeps the app shell so a field verifier's screen
// reloads without a signal, for field verifiers only: no other screen works offline (each needs the API), so
// nobody else should download every file of the app ahead of time. Only a build has a worker (__SIDAKSOS_SW__,
// web/vite.config.ts; `vite dev` serves no sw.js). Registered once the page has loaded, so its caching never
// competes with the page's own first requests; a failed registration costs only the offline reload.
import { session } from '../session.svelte';

function register(): void {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

export function registerOfflineShell(): void {
  if (!__SIDAKSOS_SW__ || !('serviceWorker' in navigator)) return;
  $effect.root(() => {
    $effect(() => {
      if (session.user?.role !== 'verifier') return;
      // Registering again is harmless: the browser keeps the one registration and checks for a newer worker.
      if (document.readyState === 'complete') register();
      else window.addEventListener('load', register, { once: true });
    });
  });
}
