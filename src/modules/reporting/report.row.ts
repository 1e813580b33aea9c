/**
 * One group of an aggregate as the report service hands it on: a group of fewer than
 * REPORT_MIN_GROUP_SIZE distinct subscribers is suppressed, its value null.
 */
export interface CountRow {
  key: string;
  value: number | null;
  suppressed: boolean;
}
