export { startAccounts, type StartAccountsOptions } from './main';
export { loadAccountsConfig, type AccountsConfig } from './config';
export { buildAccountsSchema } from './graphql/schema';
export { DEMO_CUSTOMERS } from './infra/seed-demo-accounts';
