import { Arg, Authorized, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { StoreApiKeyService } from '../app/store-api-key.service';
import { MAX_STORE_API_KEY_LABEL_LENGTH } from '../domain/store-api-key';
import type { InventoryContext } from './context';
import { CreatedStoreApiKeyType } from './created-store-api-key.type';
import { StoreApiKeyGrantType } from './store-api-key-grant.type';
import { StoreApiKeyType } from './store-api-key.type';

/** Per-store API keys: operations manage them, the gateway verifies them. */
@Resolver()
export class StoreApiKeyResolver {
  constructor(private readonly keys: StoreApiKeyService) {}

  @Authorized('ops')
  @Mutation(() => CreatedStoreApiKeyType, {
    description:
      'For operations: creates an API key for a location. The answer holds the key itself (secret), which is shown only this once.',
  })
  async createStoreApiKey(
    @Arg('locationId', () => ID) locationId: string,
    @Arg('label', () => String, { nullable: true, description: `Up to ${MAX_STORE_API_KEY_LABEL_LENGTH} characters.` })
    label: string | null | undefined,
    @Ctx() { caller }: InventoryContext,
  ): Promise<CreatedStoreApiKeyType> {
    return CreatedStoreApiKeyType.from(await this.keys.create(locationId, label, caller));
  }

  @Authorized('ops')
  @Mutation(() => StoreApiKeyType, {
    nullable: true,
    description:
      'For operations: revokes a store API key, so it gets no new token; tokens it already got live out their few minutes. ' +
      'Returns the key, or null when none has this id. Revoking again keeps the first revocation.',
  })
  async revokeStoreApiKey(
    @Arg('id', () => ID) id: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<StoreApiKeyType | null> {
    const key = await this.keys.revoke(id, caller);
    return key ? StoreApiKeyType.from(key) : null;
  }

  @Authorized('ops')
  @Query(() => [StoreApiKeyType], {
    description: 'For operations: the API keys of a location (or of all), revoked ones included.',
  })
  async storeApiKeys(
    @Arg('locationId', () => ID, { nullable: true }) locationId: string | null | undefined,
  ): Promise<StoreApiKeyType[]> {
    return (await this.keys.list(locationId)).map(StoreApiKeyType.from);
  }

  @Authorized('service')
  // Not part of the public API: only the gateway asks it, straight at inventory with its service token.
  @Directive('@inaccessible')
  @Query(() => StoreApiKeyGrantType, {
    nullable: true,
    description:
      'For services (the gateway, at a token exchange): what a store API key grants, or null when it is malformed, unknown or revoked.',
  })
  verifyStoreApiKey(@Arg('secret') secret: string): Promise<StoreApiKeyGrantType | null> {
    return this.keys.verify(secret);
  }
}
