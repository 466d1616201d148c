import { OrderEventEntity } from './order-event.entity';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';

export const ORDER_ENTITIES = [OrderEntity, OrderLineEntity, OrderEventEntity];
