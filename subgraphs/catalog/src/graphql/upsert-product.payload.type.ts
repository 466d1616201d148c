import { Field, ObjectType } from 'type-graphql';
import { ProductType } from './product.type';

@ObjectType('UpsertProductPayload')
export class UpsertProductPayload {
  @Field(() => ProductType)
  product!: ProductType;

  @Field({ description: 'true when the sku was new.' })
  created!: boolean;
}
