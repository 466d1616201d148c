export { startStore, type RunningStore, type StartStoreOptions } from './main';
export { loadStoreConfig, type StoreConfig } from './config';
export { buildStoreSchema } from './graphql/schema';
