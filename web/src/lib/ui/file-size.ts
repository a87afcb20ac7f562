// A file's size as people read it beside a download link: whole kilobytes in the UI's language (1.234 KB /
// 1,234 KB), never "0 KB" for a small file.
import { i18n } from '../i18n.svelte';

export const formatKb = (bytes: number): string =>
  `${new Intl.NumberFormat(i18n.lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 0 }).format(
    Math.max(1, bytes / 1024),
  )} KB`;
