/**
 * One timeline entry / export line: the stored record (audit.recorded.v1, exactly as hashed) plus its place in the
 * tenant's chain. Built by splicing strings, so the record's bytes reach the auditor unchanged and unparsed.
 */
export function timelineItemJson(row: { seq: number; hash: string; record: string }): string {
  return `{"seq":${row.seq},"hash":"${row.hash}","record":${row.record}}`;
}
