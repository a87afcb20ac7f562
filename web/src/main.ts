import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerOfflineShell } from './lib/verivali/offline-shell.svelte';

const target = document.getElementById('app')!;
// index.html paints a shell (header and a loading line) before any script runs; the app takes its place.
target.replaceChildren();
mount(App, { target });
registerOfflineShell();
