/**
 * Builds one SQL statement out of several data-modifying CTEs (`WITH a AS (INSERT …), b AS (UPDATE …) SELECT 1`):
 * Postgres runs every one of them to completion, so a whole batch's writes cost one round trip. Each part adds its
 * parameters through `param`, which returns the placeholder.
 */
export class WriteStatement {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string): void {
    this.parts.push(`w${this.parts.length} AS (${sql})`);
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  toSql(): string {
    return `WITH ${this.parts.join(',\n')} SELECT 1`;
  }
}
