import { Arg, Mutation, Resolver } from 'type-graphql';
import type { StockValidationService } from '../app/stock-validation.service';
import { StockValidationType } from './stock-validation.type';
import { ValidateStockInput } from './validate-stock.input';

@Resolver()
export class StockValidationResolver {
  constructor(private readonly validation: StockValidationService) {}

  @Mutation(() => StockValidationType, {
    description: "Checks a checkout's items against inventory in real time. It holds nothing: reserve to hold.",
  })
  validateStock(@Arg('input') input: ValidateStockInput): Promise<StockValidationType> {
    return this.validation.validate(input.items, input.customerId ?? null);
  }
}
