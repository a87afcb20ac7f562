// A terminal progress bar around a long task (a plain line per phase when output is not a terminal).
import { SingleBar, Presets } from 'cli-progress';

export type ProgressFn = (done: number, total: number, phase: string) => void;

export async function withProgressBar<T>(task: (onProgress: ProgressFn) => Promise<T>): Promise<T> {
  const bar = new SingleBar(
    {
      format: '{phase} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}',
      noTTYOutput: false,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let phase = '';
  try {
    return await task((done, total, p) => {
      if (p !== phase) {
        if (phase) bar.stop();
        phase = p;
        if (!process.stdout.isTTY) console.log(`${p}…`);
        bar.start(total, done, { phase: p.padEnd(9) });
      }
      bar.update(done, { phase: p.padEnd(9) });
    });
  } finally {
    bar.stop();
  }
}
