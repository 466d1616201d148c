export * from './infra';
export * from './graphql-request';
export * from './wait-for';
