import { ConnectionType, Money } from '@stockgraph/graphql-service';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Product } from '../domain/product';

@Directive('@key(fields: "sku")')
@ObjectType('Product', { description: 'Something the shop sells, identified by its sku.' })
export class ProductType {
  @Field(() => ID)
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Money)
  price!: Money;

  /** Resolved into `category` by ProductResolver. */
  categoryId!: string | null;

  @Field({ description: 'Inactive products are not for sale.' })
  active!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  static from(this: void, product: Product): ProductType {
    return Object.assign(new ProductType(), {
      sku: product.sku,
      name: product.name,
      description: product.description,
      price: Money.of(product.priceAmount, product.priceCurrency),
      categoryId: product.categoryId,
      active: product.active,
      createdAt: new Date(product.createdAt),
      updatedAt: new Date(product.updatedAt),
    });
  }
}

@ObjectType('ProductConnection')
export class ProductConnection extends ConnectionType(ProductType, 'Product') {}
