export { bearer, serviceAuthorization, testAuthEnv } from './auth';
export { opsCaller } from './callers';
export { type GraphQLResult, graphqlData, graphqlRequest } from './graphql-request';
export {
  type TestDialect,
  describeWithBrowser,
  describeWithKafka,
  describeWithMysql,
  describeWithPromtool,
  describeWithHaproxy,
  HAPROXY_PATH,
  describeWithRedis,
  freshDatabase,
  freshMysqlDatabase,
  kafkaBrokers,
  testDialects,
  testInfra,
  PROMTOOL_PATH,
  AMTOOL_PATH,
} from './infra';
export { waitFor } from './wait-for';
