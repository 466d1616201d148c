import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@inaccessible')
@ObjectType('StoreApiKeyGrant', { description: 'What a valid store API key stands for.' })
export class StoreApiKeyGrantType {
  @Field(() => ID)
  keyId!: string;

  @Field(() => ID, { description: 'The location a token issued for the key may act at.' })
  locationId!: string;
}
