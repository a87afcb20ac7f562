// Browser tests look at what the app drew through a few window properties: the map instances (to query
// rendered features) and what the map screen was asked to draw. The app only ever writes them, here; no
// production path reads them back (the PNG export, the split view's sync and the rest use the instances their
// components own), so a page without tests behaves the same.
export type TestHandle =
  | '__sidaksosMap'
  | '__sidaksosSplitMap'
  | '__sidaksosTargetingMap'
  | '__sidaksosChangesMap'
  | '__sidaksosLocationMap'
  | '__sidaksosView';

export function exposeForTests(name: TestHandle, value: unknown): void {
  (window as unknown as Record<TestHandle, unknown>)[name] = value;
}
