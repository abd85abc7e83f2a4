// `npm run help`: the developer UI, like the original Makefile's targets.
const scripts = [
  ['npm start', 'the local stack: telescope simulator + OET REST server with the example scripts'],
  ['npm test', 'build, typecheck, lint and test every project (Nx, cached)'],
  ['npm run build', 'build every package'],
  ['npm run lint', 'lint every project'],
  ['npm run typecheck', 'typecheck every project'],
  ['npm run rest', 'the OET REST server alone, with the example scripts'],
  ['npm run up', 'start all DISCOS simulators in the background'],
  ['npm run down', 'stop the DISCOS simulators started by `npm run up`'],
  ['npm run bench', 'run every benchmark (tools/bench, packages/*/bench); prints figures and ratios'],
  ['npx changeset', 'record a user-facing change for the next release'],
];
const width = Math.max(...scripts.map(([name]) => name.length));
console.log('Developer commands:\n');
for (const [name, what] of scripts) console.log(`  ${name.padEnd(width)}  ${what}`);
