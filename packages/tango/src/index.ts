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
} from './errors/tango-errors.js';
export type { DevError, NamedDevError, CompletionStatus } from './errors/tango-errors.js';

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
export { buildTangoProgram, tangoExitCodeFor, runTangoCli } from './cli/program.js';
export { toJsonValue } from './cli/format.js';
export type { CliIo } from './cli/program.js';

// Wire layer: CDR, TypeCode/Any, IOR
export { CdrReader, MAX_CDR_DEPTH } from './cdr/reader.js';
export { CdrWriter } from './cdr/writer.js';
export { TCKind, readTypeCode, writeTypeCode } from './cdr/typecode.js';
export { readAny, writeAny } from './cdr/any.js';
export type { SimpleKind, TypeCode } from './cdr/typecode.js';
export type { TypedNumberArray, AnyValue, CorbaAny } from './cdr/any.js';
export {
  parseIor,
  encodeIor,
  encodeIorFrom,
  decodeIorBody,
  decodeIiopProfile,
  encodeIiopProfile,
  codeSetsComponent,
  TAG_INTERNET_IOP,
  TAG_ORB_TYPE,
  TAG_CODE_SETS,
  MAX_IOR_CHARS,
} from './ior/ior.js';
export type { TaggedComponent, IiopProfile, Ior, IorOptions } from './ior/ior.js';

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
} from './giop/constants.js';
export {
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
} from './giop/messages.js';
export { GiopStreamDecoder } from './giop/stream-decoder.js';
export { GiopConnection } from './giop/connection.js';
export { ConnectionPool } from './giop/pool.js';
export type { MessageTypeName, ReplyStatusName } from './giop/constants.js';
export type {
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
} from './giop/messages.js';
export type { GiopStreamDecoderOptions } from './giop/stream-decoder.js';
export type { GiopConnectionOptions, GiopCallOptions, GiopConnectionEvents } from './giop/connection.js';
export type { ConnectionPoolOptions } from './giop/pool.js';

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
export { DeviceError, multiDeviceError, toDevErrors } from './server/device-error.js';
export { defineDeviceClass, reading, isReading } from './server/device-class.js';
export { Device } from './server/device.js';
export { DeviceServant, toAttributeValue5 } from './server/device-servant.js';
export { GiopServer } from './server/giop-server.js';
export { EventPublisher, parseEventName, EVENT_KINDS } from './server/event-publisher.js';
export { ChangeTracker, isChange } from './server/change-detector.js';
export { Poller } from './server/poller.js';
export { adminDeviceClass } from './server/admin-device.js';
export { DbLink } from './server/db-link.js';
export { DeviceServer } from './server/device-server.js';
export { buildTangoDbProgram, buildTangoTestDeviceProgram, runServerCli } from './server/cli/server-programs.js';
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
} from './server/tango-types.js';
export type { DeviceClassSpec, AttributeSpec, CommandSpec, PropertySpec, DeviceContext, AttrReading } from './server/device-class.js';
export type { AttrConfig, AttrConfigOptions } from './server/attribute-config.js';
export type { ImageValue, AttrData } from './server/attribute-values.js';
export type { AttrReadResult, DeviceCommandInfo, DeviceHooks } from './server/device.js';
export type { ServerIdentity } from './server/device-servant.js';
export type { GiopServerOptions, Servant, ServantReply, RequestInfo } from './server/giop-server.js';
export type { EventKind, EventSubscription, EventPublisherOptions, SubscriptionReply } from './server/event-publisher.js';
export type { PolledType } from './server/poller.js';
export type { ServerControl } from './server/admin-device.js';
export type { DeviceEntry, DeviceServerOptions } from './server/device-server.js';

// Embedded database and the TypeScript TangoTest device
export { DatabaseServer, databaseDeviceClass } from './database/database-server.js';
export { DbStore } from './database/db-store.js';
export type { DatabaseServerOptions } from './database/database-server.js';
export type { DeviceRecord, PropertySpace, SubPropertySpace } from './database/db-store.js';
export type { DbCommand, DbCommandOptions } from './database/db-commands.js';
export { TangoTestClass } from './devices/tango-test.js';
export type { TangoTestState } from './devices/tango-test.js';
