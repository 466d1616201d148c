import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Category')
export class CategoryType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}
