import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

const LEVEL_STATES = ['damaged', 'quality_control', 'incoming'];

/**
 * Stock states (DESIGN.md §12): units on hand that are damaged or in quality control, and
 * units incoming; every level starts with none, and the ledger records each state's change
 * and what it left, so the ledger check proves every state.
 */
export class StockStates1767225600110 implements MigrationInterface {
  name = 'StockStates1767225600110';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns(
      'stock_levels',
      LEVEL_STATES.map((state) => new TableColumn(column.int(state))),
    );
    await runner.addColumns(
      'stock_movements',
      LEVEL_STATES.flatMap((state) => [
        new TableColumn(column.int(`${state}_delta`)),
        new TableColumn(column.int(`${state}_after`)),
      ]),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const state of LEVEL_STATES) {
      await runner.dropColumn('stock_movements', `${state}_after`);
      await runner.dropColumn('stock_movements', `${state}_delta`);
      await runner.dropColumn('stock_levels', state);
    }
  }
}
