/** The shape of one catalogue entry (kept apart so that module catalogues can be declared without a cycle). */
export type Params = Record<string, string | number>;

export interface CatalogueEntry {
  severity: 'error' | 'warning';
  zh: (p: Params) => string;
  en: (p: Params) => string;
  hint: (p: Params) => string;
}

export const entry = (
  severity: CatalogueEntry['severity'],
  zh: CatalogueEntry['zh'],
  en: CatalogueEntry['en'],
  hint: CatalogueEntry['hint'],
): CatalogueEntry => ({ severity, zh, en, hint });
