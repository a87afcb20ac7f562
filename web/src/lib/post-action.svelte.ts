// A POST the user starts with a button: its answer, its error and whether it is running, as reactive state.
import { sendJson } from './api';

export class PostAction<T> {
  result = $state<T | undefined>();
  error = $state<string | undefined>();
  running = $state(false);

  constructor(private readonly url: string) {}

  async run(body: unknown, csrf: string | null): Promise<void> {
    this.running = true;
    this.error = undefined;
    try {
      this.result = await sendJson<T>('POST', this.url, body, csrf);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.running = false;
    }
  }

  reset(): void {
    this.result = undefined;
    this.error = undefined;
  }
}
