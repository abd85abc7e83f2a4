export {
  type FrameDecoder,
  type Framer,
  type FrameSink,
  type Payload,
} from './framer.js';
export {
  delimiterFramer,
  type DelimiterFramerOptions,
} from './delimiter-framer.js';
export {
  lengthPrefixedFramer,
  type LengthPrefixedFramerOptions,
} from './length-prefixed-framer.js';
export { fixedLengthFramer } from './fixed-length-framer.js';
export {
  type ByteParser,
  byteParserFramer,
  type ByteParserFramerOptions,
  type ByteVerdict,
} from './byte-parser-framer.js';
export { rawFramer, type RawFramerOptions } from './raw-framer.js';
