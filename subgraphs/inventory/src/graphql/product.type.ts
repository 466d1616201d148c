import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The catalog's Product, to which inventory contributes stock fields. */
@Directive('@key(fields: "sku")')
@ObjectType('Product')
export class ProductType {
  @Field(() => ID)
  sku!: string;
}
