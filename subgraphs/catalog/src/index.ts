export { startCatalog, type RunningCatalog, type StartCatalogOptions } from './main';
export { loadCatalogConfig, type CatalogConfig } from './config';
export { buildCatalogSchema } from './graphql/schema';
