import { Directive, Field, ObjectType } from 'type-graphql';

/** Relay cursor-connection page information. */
@Directive('@shareable')
@ObjectType({ description: 'Where this page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
