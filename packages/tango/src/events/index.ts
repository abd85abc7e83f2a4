export * from './zmq-receiver.js';
export * from './subscriber.js';
