export { startOrder, type RunningOrder, type StartOrderOptions } from './main';
export { loadOrderConfig, type OrderConfig } from './config';
export { buildOrderSchema } from './graphql/schema';
