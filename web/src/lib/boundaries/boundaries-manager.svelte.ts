// The boundaries screen's state and actions: the stored sets (which one is active), the upload of a new file
// (answered with its match report, the set stored inactive), the set shown (its report, by URL:
// #boundaries/<set id>), and its activation with the admin's choices on repairs and partial sets. Refusals come
// from the API in the user's language; the components only lay these out.
import { getJson, postForm, sendJson } from '../api';
import { router } from '../app/router.svelte';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { notify } from '../ui/notify';
import type { ActivateChoices, BoundarySet, BoundarySetList, ReportPart } from './types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class BoundariesManager {
  sets = $state<BoundarySet[]>([]);
  /** The set whose report is shown. */
  current = $state<BoundarySet | undefined>();
  part = $state<ReportPart>('matched');
  uploading = $state(false);
  activating = $state(false);
  /** Why the upload failed (beside the upload form). */
  uploadError = $state<string | undefined>();
  /** Why loading or activating failed (beside the report). */
  error = $state<string | undefined>();

  async load(): Promise<void> {
    try {
      this.sets = (await getJson<BoundarySetList>('/api/v1/boundaries/sets')).sets;
    } catch (err) {
      this.error = message(err);
    }
  }

  /** Follows the URL: `#boundaries/<id>` shows that set's report. */
  async follow(id: string): Promise<void> {
    if (!id) {
      this.current = undefined;
      return;
    }
    if (this.current?.id === id) return;
    this.error = undefined;
    try {
      this.show(await getJson<BoundarySet>(`/api/v1/boundaries/sets/${encodeURIComponent(id)}`));
    } catch (err) {
      this.error = message(err);
    }
  }

  /** The file and an optional name; the answer is the stored set with its report, shown at its own URL. */
  async upload(file: File, label: string): Promise<void> {
    this.uploadError = undefined;
    this.uploading = true;
    try {
      const form = new FormData();
      if (label.trim()) form.append('label', label.trim());
      form.append('file', file, file.name);
      this.show(await postForm<BoundarySet>('/api/v1/boundaries/imports', form, session.csrf));
      router.go('boundaries', this.current!.id);
      notify.saved(i18n.t('boundaryUploaded', { file: file.name }));
      await this.load();
    } catch (err) {
      this.uploadError = message(err);
    } finally {
      this.uploading = false;
    }
  }

  async activate(choices: ActivateChoices): Promise<boolean> {
    const set = this.current;
    if (!set) return false;
    this.error = undefined;
    this.activating = true;
    try {
      const now = await sendJson<BoundarySet>(
        'POST',
        `/api/v1/boundaries/sets/${encodeURIComponent(set.id)}/activate`,
        choices,
        session.csrf,
      );
      if (now) this.current = now;
      notify.saved(i18n.t('boundaryActivated', { label: set.label }));
      await this.load();
      return true;
    } catch (err) {
      this.error = message(err);
      return false;
    } finally {
      this.activating = false;
    }
  }

  private show(set: BoundarySet): void {
    this.current = set;
    const r = set.report;
    // Open on what needs the admin's eye first: repairs, then missing kelurahan, then unknown features.
    this.part = !r
      ? 'matched'
      : r.repairs.length
        ? 'repaired'
        : r.missing.length
          ? 'missing'
          : r.unmatched.length + r.ambiguous.length
            ? 'extra'
            : 'matched';
  }
}
