import { Field, ID, ObjectType } from 'type-graphql';
import type { StoreApiKey } from '../domain/store-api-key';

@ObjectType('StoreApiKey', {
  description:
    "A store location's API key, which the gateway exchanges for short-lived store tokens. Its secret is never shown again after creation.",
})
export class StoreApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The location its tokens may act at.' })
  locationId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What operations called it, such as the till or machine it was given to.',
  })
  label!: string | null;

  @Field()
  createdAt!: Date;

  @Field({ description: 'Who created it (ops:<user>).' })
  createdBy!: string;

  @Field(() => Date, { nullable: true, description: 'When it was first revoked; null while it is valid.' })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true })
  revokedBy!: string | null;

  static from(this: void, key: StoreApiKey): StoreApiKeyType {
    return Object.assign(new StoreApiKeyType(), {
      id: key.id,
      locationId: key.locationId,
      label: key.label,
      createdAt: new Date(key.createdAt),
      createdBy: key.createdBy,
      revokedAt: key.revokedAt === null ? null : new Date(key.revokedAt),
      revokedBy: key.revokedBy,
    });
  }
}
