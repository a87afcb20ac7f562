// Values the global setups hand to test files through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of this run's fresh, migrated test database (official Semarang boundaries loaded), as the app's role. */
    databaseUrl: string;
    /** The same database as its owner role (migrations; fixtures that need more than the app may do). */
    ownerUrl: string;
    /** URL of a maintenance database on the same server (for tests that create their own databases). */
    maintenanceUrl: string;
    /** A database nobody connects to, migrated with the boundaries loaded: scratch databases copy it. */
    templateDatabase: string;
    /** Base URL of the app started for browser tests. */
    baseUrl: string;
    chromiumPath: string;
  }
}
export {};
