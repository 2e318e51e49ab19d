// Runs one CLI action against an opened runtime and always closes the database afterwards.
import { loadConfig, type ConfigFlags } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';

export async function withRuntime<T>(flags: ConfigFlags, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig(flags));
  try {
    return await fn(runtime);
  } finally {
    await runtime.store.close();
  }
}
