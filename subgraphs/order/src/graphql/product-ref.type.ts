import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The catalog's Product, referenced by order lines; the gateway fetches its fields from catalog and inventory. */
@Directive('@key(fields: "sku", resolvable: false)')
@ObjectType('Product')
export class ProductRef {
  @Field(() => ID)
  sku!: string;
}
