export const GIOP_MAGIC = 0x47494f50; // 'GIOP'
export const GIOP_HEADER_BYTES = 12;
/** cppTango's MAX_TRANSFER_SIZE: the largest message accepted by default (T-GIOP-1). */
export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export const MessageType = {
  Request: 0,
  Reply: 1,
  CancelRequest: 2,
  LocateRequest: 3,
  LocateReply: 4,
  CloseConnection: 5,
  MessageError: 6,
  Fragment: 7,
} as const;
export type MessageTypeName = keyof typeof MessageType;
export const messageTypeNames = Object.keys(MessageType) as MessageTypeName[];

export const ReplyStatus = {
  NO_EXCEPTION: 0,
  USER_EXCEPTION: 1,
  SYSTEM_EXCEPTION: 2,
  LOCATION_FORWARD: 3,
  LOCATION_FORWARD_PERM: 4,
  NEEDS_ADDRESSING_MODE: 5,
} as const;
export type ReplyStatusName = keyof typeof ReplyStatus;
export const replyStatusNames = Object.keys(ReplyStatus) as ReplyStatusName[];

export const LocateStatus = {
  UNKNOWN_OBJECT: 0,
  OBJECT_HERE: 1,
  OBJECT_FORWARD: 2,
  OBJECT_FORWARD_PERM: 3,
  LOC_SYSTEM_EXCEPTION: 4,
  LOC_NEEDS_ADDRESSING_MODE: 5,
} as const;

/** response_flags of a GIOP 1.2 request: two-way (SYNC_WITH_TARGET) and oneway. */
export const RESPONSE_FLAGS_TWO_WAY = 3;
export const RESPONSE_FLAGS_ONEWAY = 0;

/** Service context id of CodeSets (T-CDR-4). */
export const SERVICE_CONTEXT_CODE_SETS = 1;
/** CodeSets context data as omniORB sends it: char ISO-8859-1, wchar UTF-16. */
export const CODE_SETS_CONTEXT_DATA = Buffer.from('010000000100010009010100', 'hex');

export const COMPLETION_STATUS = ['COMPLETED_YES', 'COMPLETED_NO', 'COMPLETED_MAYBE'] as const;
