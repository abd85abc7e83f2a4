export { ReplayBuffer, type Sequenced } from './replay-buffer.js';
