export { startInventory, type RunningInventory, type StartInventoryOptions } from './main';
export { loadInventoryConfig, type InventoryConfig } from './config';
export { buildInventorySchema } from './graphql/schema';
