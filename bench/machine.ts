// What the figures were measured on: CPUs, memory, Node.js and how busy the machine already was.
import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
  platform: string;
  kernel: string;
  /** 1, 5 and 15 minute load averages: above the CPU count, other processes were competing for the cores */
  load_average_at_start: number[];
  load_average_at_end?: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    platform: `${os.platform()}-${os.arch()}`,
    kernel: os.release(),
    load_average_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
