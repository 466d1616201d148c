// Where a process's CPU went, from the .cpuprofile files Node writes with --cpu-prof (a bench
// run with SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=<dir>" profiles every service):
//
//   node scripts/cpu-profile-summary.mjs <dir or files…> [--top 25]
//
// For each profile: self time by where the code lives (a package under node_modules, our
// own packages, Node's internals, garbage collection, idle), then the functions with the
// most self time. Sampled time, in milliseconds and as a share of the busy (non-idle) time.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const inputs = args.filter((arg, i) => arg !== '--top' && i !== topAt + 1);
if (inputs.length === 0) {
  process.stderr.write('usage: node scripts/cpu-profile-summary.mjs <dir or .cpuprofile files…> [--top N]\n');
  process.exit(2);
}
const files = inputs.flatMap((input) =>
  fs.statSync(input).isDirectory()
    ? fs
        .readdirSync(input)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => path.join(input, name))
    : [input],
);

/** Where a frame's code lives. */
function placeOf({ url, functionName }) {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'Node/V8 (program)';
  if (!url) return 'Node/V8 (native)';
  if (url.startsWith('node:')) return 'Node internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const ours = url.match(/\/(gateway|subgraphs\/[^/]+|packages\/[^/]+|schema\/[^/]+)\//);
  return ours ? `ours: ${ours[1]}` : url;
}

function summarise(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / Math.max(1, profile.samples.length);
  const byPlace = new Map();
  const byFunction = new Map();
  for (const [id, samples] of selfSamples) {
    const { callFrame } = byId.get(id);
    const ms = samples * msPerSample;
    const place = placeOf(callFrame);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    if (place === 'idle') continue;
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url ? `${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}` : ''} [${place}]`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const busy = totalMs - (byPlace.get('idle') ?? 0);
  const share = (ms) => `${((ms / busy) * 100).toFixed(1).padStart(5)} %`;
  const lines = [
    `${path.basename(file)}: ${(totalMs / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s busy`,
    '  by place (self time, share of busy):',
    ...[...byPlace]
      .filter(([place]) => place !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([place, ms]) => `    ${share(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${place}`),
    `  top ${top} functions (self time):`,
    ...[...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `    ${share(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

for (const file of files) summarise(file);
