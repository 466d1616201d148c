import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Category } from '../domain/product';

@ObjectType('Category')
export class CategoryType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'When it last changed (the epoch for categories from before that was kept).' })
  updatedAt!: Date;

  static from(this: void, category: Category): CategoryType {
    return Object.assign(new CategoryType(), {
      id: category.id,
      name: category.name,
      updatedAt: new Date(category.updatedAt),
    });
  }
}

@InputType('UpsertCategoryInput')
export class UpsertCategoryInput {
  @Field(() => ID, { description: "Lower-case letters, digits and '-'." })
  id!: string;

  @Field({ description: '1 to 200 characters.' })
  name!: string;
}

@ObjectType('UpsertCategoryPayload')
export class UpsertCategoryPayload {
  @Field(() => CategoryType)
  category!: CategoryType;

  @Field({ description: 'True when the category did not exist before.' })
  created!: boolean;
}
