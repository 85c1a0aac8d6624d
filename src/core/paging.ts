// Paging as data: a list call becomes something to `for await` over row by row, or page by page.

export interface Page<T> {
  items: T[];
  /** Total rows of the selection, when the service counted them. */
  total?: number;
}

/** A cursor-driven page source: returns the page and the cursor of the next one (undefined = done). */
export type PageFetcher<T, C> = (cursor: C) => Promise<{ page: Page<T>; next: C | undefined }>;

export class Paginator<T, C> implements AsyncIterable<T> {
  constructor(
    private readonly first: C,
    private readonly fetchPage: PageFetcher<T, C>,
  ) {}

  /** Every page in order. */
  async *pages(): AsyncGenerator<Page<T>> {
    let cursor: C | undefined = this.first;
    while (cursor !== undefined) {
      const { page, next }: { page: Page<T>; next: C | undefined } = await this.fetchPage(cursor);
      yield page;
      cursor = next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Reads everything into an array (for small lists; prefer iterating for big ones). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

/** Reads a value at a dotted path ('result.items'); undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
