// Values the global setups hand to test files through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of this run's fresh, migrated test database (demo geography loaded). */
    databaseUrl: string;
    /** URL of a maintenance database on the same server (for tests that create their own databases). */
    maintenanceUrl: string;
    /** Base URL of the app started for browser tests. */
    baseUrl: string;
    chromiumPath: string;
  }
}
export {};
