// A progress bar on standard error, only when it is a terminal (never in pipes, logs or CI output).
import cliProgress from 'cli-progress';
import { noProgress, type TransferProgress } from '../services/ledger-dump.js';

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): TransferProgress {
  if (!stream.isTTY) return noProgress;
  const bar = new cliProgress.SingleBar({
    stream, format: `${label} [{bar}] {percentage}% | {value}/{total} rows`, hideCursor: true, clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  let value = 0;
  return {
    start: (total) => bar.start(total, 0),
    advance: (rows) => bar.update((value += rows)),
    stop: () => bar.stop(),
  };
}
