import { OetUsageError } from './errors.js';

const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.ts', '.mts'];

export type ScriptKind = 'filesystem' | 'git';

/**
 * Checks a script URI before it is sent: `file:///absolute/path` or `git://path/in/repo`, naming a
 * JavaScript or TypeScript module. The server checks again (and checks script roots); this gives the
 * user a usage error without a round trip.
 */
export function validateScriptUri(uri: string): ScriptKind {
  let kind: ScriptKind;
  let path: string;
  if (uri.startsWith('file://')) {
    kind = 'filesystem';
    path = uri.slice('file://'.length);
    if (!path.startsWith('/')) {
      throw new OetUsageError(`Script URI '${uri}' must hold an absolute path, e.g. file:///srv/oet/scripts/hello.js`);
    }
  } else if (uri.startsWith('git://')) {
    kind = 'git';
    path = uri.slice('git://'.length);
    if (path === '' || path.startsWith('/')) {
      throw new OetUsageError(`Script URI '${uri}' must give the path from the repository root, e.g. git://scripts/observe.ts`);
    }
  } else {
    throw new OetUsageError(`Script URI '${uri}' must start with file:// or git://`);
  }
  if (path.includes('\0')) throw new OetUsageError(`Script URI '${uri}' contains a NUL character`);
  const lower = path.toLowerCase();
  if (!SCRIPT_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    throw new OetUsageError(`Script URI '${uri}' must name a ${SCRIPT_EXTENSIONS.join(' ')} module`);
  }
  return kind;
}
