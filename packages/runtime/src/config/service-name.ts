/** The services of stockgraph, as they name themselves in logs, metrics and consumer groups. */
export type ServiceName = 'catalog' | 'inventory' | 'order' | 'accounts' | 'gateway' | 'store';
