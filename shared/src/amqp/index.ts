export * from './amqp-connection';
export * from './consumer';
export * from './dead-letter';
export * from './declare-topology';
export * from './publisher';
