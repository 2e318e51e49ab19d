// `tsx bench/profile-top.ts FILE.cpuprofile [N]`: the functions with the most self and total time in a V8 CPU profile.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function name(n: ProfileNode): string {
  const where = n.callFrame.url.split('/').slice(-3).join('/');
  return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
}

export function topFunctions(profile: Profile, limit: number): { self: Array<[string, number]>; total: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = name(byId.get(id)!);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    // Count each function once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return { self: top(self), total: top(total) };
}

function main(): void {
  if (!process.argv[1]?.endsWith('profile-top.ts')) return;
  const [file, limitText] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/profile-top.ts FILE.cpuprofile [N]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const wall = (profile.endTime - profile.startTime) / 1000;
  const { self, total } = topFunctions(profile, Number(limitText ?? 30));
  const pct = (ms: number) => `${((ms / wall) * 100).toFixed(1).padStart(5)}%`;
  console.log(`profile of ${(wall / 1000).toFixed(1)} s\n\nself time:`);
  for (const [k, ms] of self) console.log(`  ${pct(ms)}  ${k}`);
  console.log('\ntotal time (function and what it calls):');
  for (const [k, ms] of total) console.log(`  ${pct(ms)}  ${k}`);
}

main();
