// Phone layout below 720 px (the width of a phone in portrait or a small tablet): one query, shared by the
// components that lay themselves out differently there (CSS uses the same breakpoint).
import { MediaQuery } from 'svelte/reactivity';

export const NARROW_QUERY = '(max-width: 720px)';
export const narrow = new MediaQuery(NARROW_QUERY);
