export {
  formatPythonFixed,
  formatPythonFloat,
  formatPythonInt,
  formatReplyArg,
  parsePythonBigInt,
  parsePythonFloat,
  parsePythonInt,
  pyBigInt,
  pyFloat,
  pyInt,
  type ReplyArg,
} from './python-number.js';
export { isPythonSpace, pyLStrip, pyRStrip, pySplit, pyStrip } from './python-whitespace.js';
