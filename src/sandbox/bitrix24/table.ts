// The sandbox's in-memory table: small records keyed by a growing ID.

/** A table of small records keyed by ID; IDs only grow, so the Map stays in ID order. */
export class Table<T extends { ID: number }> {
  readonly rows = new Map<number, T>();
  private lastId = 0;

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  put(row: T): T {
    this.rows.set(row.ID, row);
    if (row.ID > this.lastId) this.lastId = row.ID;
    return row;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  delete(id: number): boolean {
    return this.rows.delete(id);
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
    this.lastId = 0;
  }
}
