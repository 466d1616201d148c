import { Field, ID, ObjectType } from 'type-graphql';
import type { CreatedStoreApiKey } from '../app/store-api-key.service';

@ObjectType('CreatedStoreApiKey', {
  description: 'A store API key just created, with its secret: shown this once, never stored.',
})
export class CreatedStoreApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field()
  createdAt!: Date;

  @Field({ description: 'The whole key, sgk_<id>.<secret>: give it to the store now; it cannot be read again.' })
  secret!: string;

  static from(this: void, key: CreatedStoreApiKey): CreatedStoreApiKeyType {
    return Object.assign(new CreatedStoreApiKeyType(), {
      id: key.id,
      locationId: key.locationId,
      label: key.label,
      createdAt: new Date(key.createdAt),
      secret: key.secret,
    });
  }
}
