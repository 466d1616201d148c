import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `products.search_text` was written on every upsert but never read once search moved to
 * the indexed word tokens (`product_search_tokens`): the column goes.
 */
export class DropSearchText1767225600203 implements MigrationInterface {
  name = 'DropSearchText1767225600203';

  async up(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('products', 'search_text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE products ADD search_text text NOT NULL DEFAULT ''`);
  }
}
