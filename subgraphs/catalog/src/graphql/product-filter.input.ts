import { Field, ID, InputType } from 'type-graphql';

@InputType('ProductFilter')
export class ProductFilterInput {
  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive text in the name or description.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Only these skus (at most 1,000).' })
  skus?: string[] | null;
}
