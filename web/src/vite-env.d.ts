/// <reference types="vite/client" />

/** True in a build, which has a service worker (web/vite.config.ts, serviceWorker). */
declare const __SIDAKSOS_SW__: boolean;
