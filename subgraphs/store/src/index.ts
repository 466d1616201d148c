export { startStore, type RunningStore, type StartStoreOptions } from './main';
export { loadStoreConfig, type StoreConfig } from './config';
