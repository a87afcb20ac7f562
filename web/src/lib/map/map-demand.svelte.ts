// When MapLibre starts (#21 item 2). Its code (~300 KB gzipped, a worker) and its WebGL set-up hold a phone's
// main thread for seconds, while the first paint (FirstPaint) already shows the choropleth the map would draw.
// So the map is started on the first sign that it will be used — the pointer coming onto it, a press, a key, a
// wheel or a touch anywhere on the page (a control that needs the map, the ranking, Tab towards the map) — or
// at once when a screen asks for what only the map can draw (MapView's `needsMap`). Until then a page costs its
// user no MapLibre at all (Lighthouse's "facade" pattern: a page that is only looked at stays light). The cost:
// the first gesture waits for the map (a second or more on a phone) and the labels and zoom buttons arrive with it.

class MapDemand {
  /** Some input suggests the map will be used: every MapView on the page starts its map. */
  wanted = $state(false);
}

export const mapDemand = new MapDemand();

// Capture phase: the press that opens a control counts even if the control stops it from bubbling.
const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
let listening = false;

export function wantMap(): void {
  if (mapDemand.wanted) return;
  mapDemand.wanted = true;
  for (const type of INPUTS) removeEventListener(type, wantMap, { capture: true });
}

/** From now on the page's first input asks for the map (main.ts calls it before the app mounts). */
export function listenForInput(): void {
  if (listening || mapDemand.wanted) return;
  listening = true;
  for (const type of INPUTS) addEventListener(type, wantMap, { capture: true, passive: true });
}
