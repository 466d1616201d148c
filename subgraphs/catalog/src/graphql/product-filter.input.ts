import { Field, ID, InputType } from 'type-graphql';

@InputType('ProductFilter')
export class ProductFilterInput {
  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Words that start words of the name or description, any case.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Only these skus (at most 1,000).' })
  skus?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'In stock somewhere (true) or nowhere (false), by the projected view.',
  })
  inStock?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Available in this region (such as eu-south), by the projected view.',
  })
  region?: string | null;
}
