import { CategoryEntity } from './category.entity';
import { ProductEntity } from './product.entity';

export const CATALOG_ENTITIES = [CategoryEntity, ProductEntity];
