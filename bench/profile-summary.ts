/**
 * Where a --cpu-prof profile's time went: self time by function and by package (node_modules/<pkg>,
 * node: internals, or our own src/), idle time left out.
 * Run: node dist/bench/bench/profile-summary.js <file.cpuprofile> [top] [skip seconds]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  if (!url) return '(native/gc)';
  if (url.startsWith('node:')) return 'node:internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/dist/');
  return src >= 0
    ? url
        .slice(src + 1)
        .split('/')
        .slice(0, 4)
        .join('/')
    : url;
}

/** `skipSeconds` leaves out the start (module loading, warm-up) so the steady state shows. */
export function summarizeProfile(file: string, top = 25, skipSeconds = 0): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let clock = 0;
  profile.samples.forEach((id, i) => {
    clock += profile.timeDeltas[i] ?? 0;
    if (clock < skipSeconds * 1e6 || byId.get(id)!.callFrame.functionName === '(idle)') return;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    pkgs.set(packageOf(url), (pkgs.get(packageOf(url)) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${pct(us)}  ${k}`)
      .join('\n');
  return `busy ${(total / 1e6).toFixed(1)} s sampled\n\nby package\n${rows(pkgs)}\n\nby function (self)\n${rows(fns)}`;
}

if (require.main === module)
  console.log(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25), Number(process.argv[4] ?? 0)));
