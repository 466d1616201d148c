export * from './stack/service-process';
export * from './stack/distributed-stack';
