import { toConnection } from '@stockgraph/graphql-service';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CatalogService } from '../app/catalog.service';
import type { ProjectionReconciler } from '../app/projection-reconciler';
import { summarizeStock } from '../domain/stock-summary';
import { ReconciliationReportType, StockSummaryType } from './stock-summary.type';
import { CategoryType, UpsertCategoryInput, UpsertCategoryPayload } from './category.type';
import type { CatalogContext } from './context';
import { ProductFilterInput } from './product-filter.input';
import { ProductConnection, ProductType } from './product.type';
import { UpsertProductInput } from './upsert-product.input';
import { UpsertProductPayload } from './upsert-product.payload.type';

@Resolver(() => ProductType)
export class ProductResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly reconciler: ProjectionReconciler,
  ) {}

  @Query(() => ProductType, { nullable: true })
  async product(@Arg('sku', () => ID) sku: string, @Ctx() { loaders }: CatalogContext): Promise<ProductType | null> {
    const product = await loaders.productBySku.load(sku);
    return product ? ProductType.from(product) : null;
  }

  @Query(() => ProductConnection, { description: 'Products in sku order, filtered, a page at a time.' })
  async products(
    @Arg('filter', () => ProductFilterInput, { nullable: true }) filter: ProductFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ProductConnection> {
    const page = await this.catalog.list(filter ?? {}, first, after);
    return toConnection(page.rows, page.size, ProductType.from, (row) => row.sku, page.hasPrevious);
  }

  @Query(() => [CategoryType])
  async categories(): Promise<CategoryType[]> {
    return (await this.catalog.categories()).map(CategoryType.from);
  }

  @FieldResolver(() => StockSummaryType, {
    description: 'Projected from inventory.stock.v1: fast and filterable, seconds behind at worst.',
  })
  async stockSummary(@Root() product: ProductType, @Ctx() { loaders }: CatalogContext): Promise<StockSummaryType> {
    return StockSummaryType.from(summarizeStock(await loaders.projectedStockBySku.load(product.sku)));
  }

  @Authorized('ops')
  @Mutation(() => ReconciliationReportType, {
    description: 'Compares the projected stock with inventory and repairs what drifted; dryRun only counts.',
  })
  reconcileStockProjection(
    @Arg('dryRun', () => Boolean, { defaultValue: false }) dryRun: boolean,
  ): Promise<ReconciliationReportType> {
    return this.reconciler.reconcile({ dryRun });
  }

  @FieldResolver(() => CategoryType, { nullable: true })
  async category(@Root() product: ProductType, @Ctx() { loaders }: CatalogContext): Promise<CategoryType | null> {
    const category = product.categoryId ? await loaders.categoryById.load(product.categoryId) : null;
    return category ? CategoryType.from(category) : null;
  }

  @Authorized('ops')
  @Mutation(() => UpsertProductPayload, {
    description: 'Creates or replaces a product and announces it on catalog.products.v1.',
  })
  async upsertProduct(@Arg('input') input: UpsertProductInput): Promise<UpsertProductPayload> {
    const { product, created } = await this.catalog.upsert({
      sku: input.sku,
      name: input.name,
      description: input.description ?? null,
      categoryId: input.categoryId ?? null,
      priceAmount: input.price.amount,
      priceCurrency: input.price.currency,
      active: input.active ?? null,
    });
    return { product: ProductType.from(product), created };
  }

  @Authorized('ops')
  @Mutation(() => UpsertCategoryPayload, {
    description: 'Creates or renames a category and announces it on catalog.categories.v1.',
  })
  async upsertCategory(@Arg('input') input: UpsertCategoryInput): Promise<UpsertCategoryPayload> {
    const { category, created } = await this.catalog.upsertCategory(input);
    return { category: CategoryType.from(category), created };
  }
}
