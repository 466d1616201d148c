export * from './infra';
export * from './graphql-request';
export * from './wait-for';
export * from './callers';
export * from './auth';
