export * from './stack/service-process';
export * from './stack/distributed-stack';
export * from './stack/kafka-broker';
export * from './stack/free-ports';
export * from './timeouts';
export * from './subscription-client';
export * from './kafka-tools';
export * from './tools/warehouse-simulator';
