/** What one section of the bench measured: named figures for the table and latest.json, and raw details. */
export interface Figures {
  readonly figures: Record<string, number | null>;
  readonly details: Record<string, unknown>;
}
