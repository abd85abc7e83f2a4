export {
  BackendClient,
  type BackendClientOptions,
  type BackendReply,
  type BackendStatus,
  type SectionValue,
} from './backend-client.js';
