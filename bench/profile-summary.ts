import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * `node dist/bench/profile-summary.js <file.cpuprofile> [fromMs toMs] [top]`: self time per function
 * and per package/area of a V8 CPU profile, optionally cut to a window of monotonic milliseconds
 * (the `window` bench/results.json records for the postback phase).
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function area(url: string): string {
  if (url === '') return '(native/V8)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:') || !path.startsWith('/')) return 'node core';
  const local = relative(process.cwd(), path).replace(/^dist\//, '');
  return local.split('/').slice(0, 3).join('/');
}

function main(): void {
  const [file, fromText, toText, topText] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [fromMs toMs] [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const fromUs = fromText ? Number(fromText) * 1000 : -Infinity;
  const toUs = toText ? Number(toText) * 1000 : Infinity;
  const top = Number(topText ?? 25);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
    total += dt;
  }
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const label = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    return `${frame.functionName || '(anonymous)'}${frame.url ? ` ${area(frame.url)}:${frame.lineNumber + 1}` : ''}`;
  };
  /** The caller chain (nearest first, `depth` frames outside node core) of a sampled node. */
  const callersOf = (id: number, depth: number) => {
    const chain: string[] = [];
    for (let p = parentOf.get(id); p !== undefined && chain.length < depth; p = parentOf.get(p)) {
      const url = byId.get(p)!.callFrame.url;
      if (url.startsWith('node:') || url === '') continue;
      chain.push(label(p));
    }
    return chain.join(' < ');
  };
  const byCallers = new Map<string, Map<string, number>>();
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url ? `${area(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const callers = byCallers.get(key) ?? new Map<string, number>();
    const chain = callersOf(id, 4);
    callers.set(chain, (callers.get(chain) ?? 0) + us);
    byCallers.set(key, callers);
    const a = ['(idle)', '(program)', '(garbage collector)'].includes(frame.functionName) ? frame.functionName : area(frame.url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
  }
  const print = (title: string, map: Map<string, number>, n: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
    }
  };
  process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n`);
  print('self time by area', byArea, 20);
  print('self time by function', byFunction, top);
  for (const [key] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
    if (key.startsWith('(')) continue;
    print(`callers of ${key}`, byCallers.get(key)!, 4);
  }
}

main();
