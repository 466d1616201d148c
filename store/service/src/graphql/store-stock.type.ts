import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { StoreStockView } from '../app/replica.service';

@ObjectType('StorePrice')
export class StorePriceType {
  @Field(() => Int, { description: 'Minor units (cents).' })
  amount!: number;

  @Field()
  currency!: string;
}

@ObjectType('StoreCategory')
export class StoreCategoryType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}

@ObjectType('NearbyAvailability', { description: "What another location of the shop's region can sell." })
export class NearbyAvailabilityType {
  @Field(() => ID)
  locationId!: string;

  @Field(() => Int)
  available!: number;

  @Field(() => Int, { description: "The centre's version of that location's level." })
  version!: number;

  @Field({ description: 'When the centre changed it (or the snapshot that brought it).' })
  changedAt!: Date;
}

@ObjectType('StoreStock', {
  description: "A sku as this shop's replica knows it: the product and the shop's own stock.",
})
export class StoreStockType {
  @Field(() => ID)
  sku!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Null when the catalog has no such product (as far as the replica knows).',
  })
  name!: string | null;

  @Field(() => StorePriceType, { nullable: true })
  price!: StorePriceType | null;

  @Field(() => StoreCategoryType, { nullable: true })
  category!: StoreCategoryType | null;

  @Field(() => Boolean, { description: 'False for inactive or unknown products: not for sale.' })
  active!: boolean;

  @Field(() => Int, { description: 'Units at the shop, as the centre last said.' })
  onHand!: number;

  @Field(() => Int, {
    description: 'What the shop could sell online, as the centre last said (its allowance excluded).',
  })
  available!: number;

  @Field(() => Int, {
    description:
      "Units the till may still sell without the centre: the shop's allowance less its sales not yet synced.",
  })
  allowanceLeft!: number;

  @Field(() => [NearbyAvailabilityType], {
    description: "Available elsewhere: what other locations of the shop's region can sell, as last heard (read-only).",
  })
  elsewhere!: NearbyAvailabilityType[];

  @Field(() => Int, { description: "The centre's version of the shop's stock level (0: never stocked here)." })
  version!: number;

  @Field(() => Date, { nullable: true, description: 'When the centre last changed this stock.' })
  changedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the replica last heard from the centre: these figures are at least that fresh. Null before it ever has.',
  })
  asOf!: Date | null;

  static from(this: void, view: StoreStockView, allowanceLeft: number): StoreStockType {
    return Object.assign(new StoreStockType(), {
      sku: view.sku,
      name: view.product?.name ?? null,
      price: view.product ? { amount: view.product.priceAmount, currency: view.product.priceCurrency } : null,
      active: view.product?.active ?? false,
      category: view.category ? { id: view.category.id, name: view.category.name } : null,
      onHand: view.stock?.onHand ?? 0,
      available: view.stock?.available ?? 0,
      allowanceLeft,
      elsewhere: view.elsewhere.map((row) => ({
        locationId: row.locationId,
        available: row.available,
        version: row.version,
        changedAt: new Date(row.changedAt),
      })),
      version: view.stock?.version ?? 0,
      changedAt: view.stock ? new Date(view.stock.changedAt) : null,
      asOf: view.asOf === null ? null : new Date(view.asOf),
    });
  }
}
