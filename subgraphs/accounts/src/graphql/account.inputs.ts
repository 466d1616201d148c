import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A new customer account.' })
export class RegisterInput {
  @Field({ description: 'At most 254 characters; compared without case.' })
  email!: string;

  @Field({ description: '10 to 200 characters; not a common password or the email.' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'How the shop greets you; at most 100 characters.' })
  displayName?: string | null;
}

@InputType()
export class SignInInput {
  @Field()
  email!: string;

  @Field()
  password!: string;
}
