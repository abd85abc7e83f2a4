// Module hooks for `.ts`/`.mts` scripts (O-SCRIPT-4), installed in the child with `module.register`.
// They run on the loader thread, so they travel as a data: URL and receive esbuild's location.

const HOOKS = `
let esbuild;
let esbuildUrl;
export async function initialize(data) {
  esbuildUrl = data.esbuildUrl; // esbuild itself loads on the first .ts module, so plain .js scripts never pay for it
}
const TS = /\\.m?ts$/;
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && /^\\.{1,2}\\//.test(specifier) && /\\.m?js$/.test(specifier)) {
      return next(specifier.replace(/js$/, 'ts'), context);
    }
    throw err;
  }
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !TS.test(new URL(url).pathname)) return next(url, context);
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  if (!esbuild) {
    const mod = await import(esbuildUrl);
    esbuild = mod.transform ? mod : mod.default;
  }
  const out = await esbuild.transform(source, { loader: 'ts', format: 'esm', sourcemap: 'inline', sourcefile: file, target: 'node20' });
  return { format: 'module', source: out.code, shortCircuit: true };
}
`;

/** The hooks module as a data: URL for `module.register`. */
export const TS_HOOKS_URL = `data:text/javascript,${encodeURIComponent(HOOKS)}`;
