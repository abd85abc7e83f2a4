// Used by the server (request validation) and bundled into the child (defence in depth), so it
// imports nothing.

/** True when `text` holds an ASCII control character or a space (code <= 0x20 or 0x7f). */
export function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** A full or abbreviated hex object id (SHA-1 or SHA-256), as `git_commit` must be. */
export function isCommitId(value: string): boolean {
  return /^[0-9a-fA-F]{7,64}$/.test(value);
}

/**
 * Why `name` is not a valid branch name under git's ref rules (`git check-ref-format --branch`), or
 * undefined when it is. Checked by hand, linearly, so the server need not start git per request.
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === '' || name.length > 255) return 'must be 1 to 255 characters';
  if (name.startsWith('-')) return "must not start with '-'";
  if (name === '@') return "must not be '@'";
  if (hasControlOrSpace(name) || /[~^:?*[\\]/.test(name)) return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  if (name.includes('..')) return "must not contain '..'";
  if (name.includes('@{')) return "must not contain '@{'";
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return "must not begin or end with '/' or contain '//'";
  if (name.endsWith('.')) return "must not end with '.'";
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return "no component may begin with '.'";
    if (part.endsWith('.lock')) return "no component may end with '.lock'";
  }
  return undefined;
}
