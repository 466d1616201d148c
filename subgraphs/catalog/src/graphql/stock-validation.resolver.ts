import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { CatalogContext } from './context';
import type { StockValidationService } from '../app/stock-validation.service';
import { StockValidationType } from './stock-validation.type';
import { ValidateStockInput } from './validate-stock.input';

@Resolver()
export class StockValidationResolver {
  constructor(private readonly validation: StockValidationService) {}

  @Mutation(() => StockValidationType, {
    description: "Checks a checkout's items against inventory in real time. It holds nothing: reserve to hold.",
  })
  validateStock(
    @Arg('input') input: ValidateStockInput,
    @Ctx() { caller }: CatalogContext,
  ): Promise<StockValidationType> {
    // The audit names who checked out as their token does; anonymous shoppers as null.
    return this.validation.validate(input.items, caller.subject);
  }
}
