/**
 * A first-in, first-out async lock. SQLite has one writer and TypeORM shares one
 * connection for it, so the embedded mode runs every unit of database work through one
 * of these; callers queue instead of failing with SQLITE_BUSY or nested transactions.
 */
export class WriteMutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next caller waits for this one to settle, whether it succeeded or not.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
