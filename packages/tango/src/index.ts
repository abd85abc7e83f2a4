// Public API of @observatory/tango (named exports only; see README). Internal helpers (the retry plumbing of
// DeviceProxy, CLI formatting, SQL patterns of the database store, ...) stay unexported on purpose.

// Errors
export {
  TangoError,
  DevFailedError,
  MultiDevFailedError,
  CorbaSystemError,
  TangoTimeoutError,
  TangoConnectionError,
  CdrDecodeError,
  CdrEncodeError,
  GiopProtocolError,
  TangoNameError,
  TangoClosedError,
  TangoValueError,
} from './errors/index.js';
export type { DevError, NamedDevError, CompletionStatus } from './errors/index.js';

// Client
export { DeviceProxy } from './client/device-proxy.js';
export type { DeviceProxyOptions, CallOptions, DeviceInfo, CommandInfo } from './client/device-proxy.js';
export { TangoClient } from './client/tango-client.js';
export type { TangoClientOptions } from './client/tango-client.js';
export { Database, encodeProperties, decodeProperties, isNotExported } from './client/database.js';
export type { DatabaseOptions, ImportedDevice, DeviceInfoRecord, PropertyValues, PropertyInput } from './client/database.js';
export { parseTangoName, parseTangoHost, resolveTangoHost, formatTangoName } from './client/names.js';
export type { HostPort, TangoName } from './client/names.js';
export { readingFromWire, writeValueFor } from './client/attribute-data.js';
export type { ScalarValue, ArrayValue, AttributeData, AttributeReading, WriteInput } from './client/attribute-data.js';

// Events
export { EventSubscriber, addObjPollingArg } from './events/subscriber.js';
export type { EventType, TangoEvent, EventCallback, SubscribeOptions, Subscription, EventSubscriberOptions, EventSubscriberEvents } from './events/subscriber.js';
export { ZmqEventReceiver } from './events/zmq-receiver.js';
export type { ReceivedEvent, TopicHandler } from './events/zmq-receiver.js';

// CLI (the `tango` bin; buildTangoProgram for tests and embedding)
export { buildTangoProgram, tangoExitCodeFor, runTangoCli, toJsonValue } from './cli/index.js';
export type { CliIo } from './cli/index.js';

// Wire layer: CDR, TypeCode/Any, IOR
export { CdrReader, CdrWriter, MAX_CDR_DEPTH, TCKind, readTypeCode, writeTypeCode, readAny, writeAny } from './cdr/index.js';
export type { SimpleKind, TypeCode, TypedNumberArray, AnyValue, CorbaAny } from './cdr/index.js';
export { parseIor, encodeIor, encodeIorFrom, decodeIorBody, decodeIiopProfile, encodeIiopProfile, codeSetsComponent, TAG_INTERNET_IOP, TAG_ORB_TYPE, TAG_CODE_SETS, MAX_IOR_CHARS } from './ior/index.js';
export type { TaggedComponent, IiopProfile, Ior, IorOptions } from './ior/index.js';

// Wire layer: GIOP
export {
  GIOP_MAGIC,
  GIOP_HEADER_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  MessageType,
  ReplyStatus,
  LocateStatus,
  RESPONSE_FLAGS_TWO_WAY,
  RESPONSE_FLAGS_ONEWAY,
  SERVICE_CONTEXT_CODE_SETS,
  CODE_SETS_CONTEXT_DATA,
  COMPLETION_STATUS,
  decodeHeader,
  decodeMessage,
  encodeRequest,
  encodeReply,
  systemExceptionId,
  writeSystemException,
  readSystemException,
  encodeSystemExceptionReply,
  encodeLocateRequest,
  encodeLocateReply,
  encodeCancelRequest,
  encodeCloseConnection,
  encodeMessageError,
  fragmentMessage,
  GiopStreamDecoder,
  GiopConnection,
  ConnectionPool,
} from './giop/index.js';
export type {
  MessageTypeName,
  ReplyStatusName,
  GiopMinor,
  ServiceContext,
  GiopHeader,
  RequestMessage,
  ReplyMessage,
  LocateRequestMessage,
  LocateReplyMessage,
  CancelRequestMessage,
  SimpleMessage,
  FragmentMessage,
  GiopMessage,
  RequestOptions,
  ReplyOptions,
  SystemException,
  GiopStreamDecoderOptions,
  GiopConnectionOptions,
  GiopCallOptions,
  GiopConnectionEvents,
  ConnectionPoolOptions,
} from './giop/index.js';

// Tango IDL 5: enums, structs, command Anys, Device_5 operation codecs, ZMQ event payloads
export {
  CmdArgType,
  cmdArgTypeName,
  readEnum,
  writeEnum,
  DEV_STATE,
  ATTR_QUALITY,
  ATTR_WRITE_TYPE,
  ATTR_DATA_FORMAT,
  DEV_SOURCE,
  ERR_SEVERITY,
  DISP_LEVEL,
  LOCKER_LANGUAGE,
  ATTRIBUTE_DATA_TYPE,
} from './idl/enums.js';
export type { DevState, AttrQuality, AttrWriteType, AttrDataFormat, DevSource, ErrSeverity, DispLevel, LockerLanguage, AttributeDataType, CmdArgTypeName } from './idl/enums.js';
export {
  readTimeVal,
  writeTimeVal,
  timeValNow,
  readDevErrorList,
  writeDevErrorList,
  readUserException,
  writeDevFailed,
  writeMultiDevFailed,
  readAttributeValue4,
  writeAttributeValue4,
  readAttributeValue5,
  writeAttributeValue5,
  readAttributeConfig,
  readAttributeConfig5,
  writeAttributeConfig5,
  readDevEncoded,
  writeDevEncoded,
  DEV_FAILED_ID,
  MULTI_DEV_FAILED_ID,
} from './idl/structs.js';
export type {
  TimeVal,
  TangoUserException,
  ClntIdent,
  DevInfo,
  DevInfo_3,
  DevCmdInfo,
  DevCmdInfo_2,
  AttributeDim,
  DevEncoded,
  AttrValUnion,
  AttributeValue_4,
  AttributeValue_5,
  AttributeAlarm,
  ChangeEventProp,
  PeriodicEventProp,
  ArchiveEventProp,
  EventProperties,
  AttributeConfig_5,
  AttributeConfigVersion,
  DevVarLongStringArray,
  DevVarDoubleStringArray,
} from './idl/structs.js';
export { commandTypeCode, toCommandAny, toCommandValue, cmdArgTypeOf, fromCommandAny, DEV_STATE_TYPECODE } from './idl/command-any.js';
export type { CommandValue, CommandInput } from './idl/command-any.js';
export { operations, isKnownOperation } from './idl/operations.js';
export type {
  Codec,
  OperationCodec,
  CommandInout4Args,
  ReadAttributes5Args,
  WriteAttributes4Args,
  WriteReadAttributes5Args,
  SetAttributeConfig5Args,
  OperationName,
  OperationArgs,
  OperationResult,
} from './idl/operations.js';
export { decodeEventByteOrder, decodeZmqCallInfo, encodeZmqCallInfo, decodeEventPayload, encodeEventPayload, payloadKindFor, EVENT_DATA_FILLER } from './idl/events.js';
export type { ZmqCallInfo, AttDataReady, DevIntrChange, EventPayloadKind, EventPayload } from './idl/events.js';

// Device server
export {
  DeviceError,
  multiDeviceError,
  toDevErrors,
  defineDeviceClass,
  reading,
  isReading,
  Device,
  DeviceServant,
  toAttributeValue5,
  GiopServer,
  EventPublisher,
  parseEventName,
  EVENT_KINDS,
  ChangeTracker,
  isChange,
  Poller,
  adminDeviceClass,
  DbLink,
  DeviceServer,
  buildTangoDbProgram,
  buildTangoTestDeviceProgram,
  runServerCli,
} from './server/index.js';
export type {
  AttributeTypeName,
  CommandTypeName,
  DevStateName,
  AttrWriteTypeName,
  AttrDataFormatName,
  AttrQualityValue,
  ElementValue,
  DevEncodedValue,
  LongStringArray,
  DoubleStringArray,
  DeviceClassSpec,
  AttributeSpec,
  CommandSpec,
  PropertySpec,
  DeviceContext,
  AttrReading,
  AttrConfig,
  AttrConfigOptions,
  ImageValue,
  AttrData,
  AttrReadResult,
  DeviceCommandInfo,
  DeviceHooks,
  ServerIdentity,
  GiopServerOptions,
  Servant,
  ServantReply,
  RequestInfo,
  EventKind,
  EventSubscription,
  EventPublisherOptions,
  SubscriptionReply,
  PolledType,
  ServerControl,
  DeviceEntry,
  DeviceServerOptions,
} from './server/index.js';

// Embedded database and the TypeScript TangoTest device
export { DatabaseServer, databaseDeviceClass, DbStore } from './database/index.js';
export type { DatabaseServerOptions, DeviceRecord, PropertySpace, SubPropertySpace, DbCommand, DbCommandOptions } from './database/index.js';
export { TangoTestClass } from './devices/index.js';
export type { TangoTestState } from './devices/index.js';
