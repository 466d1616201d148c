import { Field, ObjectType } from 'type-graphql';
import type { UserError } from '../domain/errors';
import { InventoryUserErrorCode } from './enums';

@ObjectType('InventoryUserError', { description: 'A business outcome the caller should handle; nothing was changed.' })
export class InventoryUserErrorType {
  @Field(() => InventoryUserErrorCode)
  code!: UserError['code'];

  @Field()
  message!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Path of the input field concerned, such as input.lines.0.quantity.',
  })
  field!: string | null;
}
