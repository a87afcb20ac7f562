import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { listenForInput } from './lib/map/map-demand.svelte';
import { registerOfflineShell } from './lib/verivali/offline-shell.svelte';

// Before anything else: a key or a press while the app is still starting counts as wanting the map too.
listenForInput();

const target = document.getElementById('app')!;
// index.html paints a shell (header and a loading line) before any script runs; the app takes its place.
target.replaceChildren();
mount(App, { target });
registerOfflineShell();
