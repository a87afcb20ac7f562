// Notices after an action: every save confirms itself in a polite live region (svelte-sonner's Toaster, mounted
// once in App.svelte), so a screen reader hears it and nobody has to wonder whether the click took. Errors that
// need the user to act stay on their form (role="alert" beside the field); a notice here is for what has happened.
import { toast } from 'svelte-sonner';

export const notify = {
  /** A write that succeeded: "Saved." or a sentence naming what was saved. */
  saved(message: string): void {
    toast.success(message, { duration: 5000 });
  },
  /** Something that went wrong outside any form (a background load, a refused action). */
  failed(message: string): void {
    toast.error(message, { duration: 10000 });
  },
  info(message: string): void {
    toast(message, { duration: 5000 });
  },
};
