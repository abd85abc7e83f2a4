/** ANSI styles, or identity functions when colour is off. */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** Colours a procedure/activity state name by outcome. */
export function colourState(state: string, colours: Palette): string {
  switch (state) {
    case 'COMPLETE':
    case 'READY':
      return colours.green(state);
    case 'FAILED':
    case 'UNKNOWN':
      return colours.red(state);
    case 'STOPPED':
    case 'RUNNING':
      return colours.yellow(state);
    default:
      return state;
  }
}
